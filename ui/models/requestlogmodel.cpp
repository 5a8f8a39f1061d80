#include "models/requestlogmodel.h"

#include "models/dailytotals.h"

#include <QDateTime>
#include <QLocale>

namespace tollgate::ui {

namespace {

QString modelOf(const RequestLogRecord& r)
{
    return r.modelUsed.isEmpty() ? r.modelRequested : r.modelUsed;
}

QString statusText(const RequestLogRecord& r)
{
    if (r.status == 0)
        return RequestLogModel::tr("client left");
    return QString::number(r.status);
}

} // namespace

RequestLogModel::RequestLogModel(QObject* parent)
    : QAbstractTableModel(parent), m_reader(new RequestLogReader(this))
{
    m_query.limit = DefaultPageSize;
    connect(m_reader, &RequestLogReader::loaded, this, &RequestLogModel::onLoaded);
    connect(m_reader, &RequestLogReader::failed, this, &RequestLogModel::readFailed);
}

int RequestLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int RequestLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RequestLogRecord& r = m_records[size_t(index.row())];
    switch (role) {
    case RequestIdRole:
        return QString::fromLatin1(r.requestId);
    case ProviderRole:
        return r.provider;
    case ModelRole:
        return modelOf(r);
    case StatusRole:
        return r.status;
    case SortRole:
        switch (Column(index.column())) {
        case Time:
            return qlonglong(r.startedAtMs);
        case Status:
            return r.status;
        case Latency:
            return qlonglong(r.totalUs);
        case Tokens:
            return qlonglong(r.inputTokens + r.outputTokens);
        case Cost:
            return qlonglong(r.costMicros);
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(r.startedAtMs)
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case Provider:
            return r.provider.isEmpty() ? tr("(gateway)") : r.provider;
        case Model:
            return modelOf(r);
        case Status:
            return statusText(r);
        case Latency:
            return tr("%1 ms").arg(QLocale().toString(double(r.totalUs) / 1000.0, 'f', 1));
        case Tokens:
            return tr("%1 / %2").arg(r.inputTokens).arg(r.outputTokens);
        case Cost:
            return r.costCurrency.isEmpty() ? QString()
                                            : DailyTotals::formatMoney(r.costMicros, r.costCurrency);
        case Endpoint:
            return r.endpoint;
        case RequestId:
            return QString::fromLatin1(r.requestId);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::TextAlignmentRole:
        switch (Column(index.column())) {
        case Status:
        case Latency:
        case Tokens:
        case Cost:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (!r.errorMessage.isEmpty())
            return r.errorMessage;
        return {};
    default:
        return {};
    }
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case Provider:
        return tr("Provider");
    case Model:
        return tr("Model");
    case Status:
        return tr("Status");
    case Latency:
        return tr("Latency");
    case Tokens:
        return tr("Tokens in / out");
    case Cost:
        return tr("Cost");
    case Endpoint:
        return tr("Endpoint");
    case RequestId:
        return tr("Request ID");
    case ColumnCount:
        break;
    }
    return {};
}

const RequestLogRecord* RequestLogModel::recordAt(int row) const
{
    if (row < 0 || row >= int(m_records.size()))
        return nullptr;
    return &m_records[size_t(row)];
}

int RequestLogModel::rowOfRequest(const QByteArray& requestId) const
{
    for (size_t i = 0; i < m_records.size(); ++i) {
        if (m_records[i].requestId == requestId)
            return int(i);
    }
    return -1;
}

void RequestLogModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    const auto key = RequestLogQuery::SortKey(column);
    if (key == m_query.sortKey && order == m_query.order)
        return;
    m_query.sortKey = key;
    m_query.order = order;
    m_query.offset = 0;
    read();
}

void RequestLogModel::setDatabasePath(const QString& path)
{
    if (path == m_reader->databasePath())
        return;
    m_reader->setDatabasePath(path);
    beginResetModel();
    m_records.clear();
    endResetModel();
    m_matching = 0;
    m_matchingCapped = false;
    m_providers.clear();
    m_models.clear();
    m_choicesAge.invalidate();
    m_query.offset = 0;
    read();
}

void RequestLogModel::setFilter(const RequestLogQuery& filter)
{
    if (filter.sameFilter(m_query))
        return;
    m_query.provider = filter.provider;
    m_query.model = filter.model;
    m_query.status = filter.status;
    m_query.text = filter.text.trimmed();
    m_query.offset = 0;
    read();
}

void RequestLogModel::setPageSize(int rows)
{
    rows = qMax(1, rows);
    if (rows == m_query.limit)
        return;
    m_query.limit = rows;
    m_query.offset = 0;
    read();
}

void RequestLogModel::setPage(int page)
{
    page = qMax(0, page);
    if (page == this->page() && m_current)
        return;
    m_query.offset = page * m_query.limit;
    read();
}

bool RequestLogModel::hasNextPage() const
{
    const qint64 shownEnd = qint64(m_query.offset) + qint64(m_records.size());
    return m_current && int(m_records.size()) == m_query.limit && (m_matchingCapped || shownEnd < m_matching);
}

int RequestLogModel::pageCount() const
{
    return int(qMax<qint64>(1, (m_matching + m_query.limit - 1) / m_query.limit));
}

void RequestLogModel::refresh()
{
    read();
}

bool RequestLogModel::refreshLive()
{
    if (m_query.offset != 0 || m_reader->isReading() || m_reader->databasePath().isEmpty())
        return false;
    if (m_sinceLoaded.isValid() && m_sinceLoaded.elapsed() < 4 * m_lastReadMs)
        return false;
    read();
    return true;
}

void RequestLogModel::read()
{
    m_current = false;
    RequestLogQuery query = m_query;
    // The choices change slowly; listing them costs a scan of the newest rows.
    query.withChoices = !m_choicesAge.isValid() || m_choicesAge.elapsed() >= 10'000 || m_providers.isEmpty();
    m_reader->read(query);
}

void RequestLogModel::onLoaded(const RequestLogQuery& query, const RequestLogPage& page)
{
    m_lastReadMs = page.elapsedMs;
    m_sinceLoaded.start();
    if (page.hasChoices) {
        m_providers = page.providers;
        m_models = page.models;
        m_choicesAge.start();
    }
    // New providers and models on the page join the choices at once, not at the next listing.
    bool grown = false;
    for (const RequestLogRecord& r : page.records) {
        const QString model = r.modelUsed.isEmpty() ? r.modelRequested : r.modelUsed;
        if (!m_providers.contains(r.provider)) {
            m_providers.append(r.provider);
            grown = true;
        }
        if (!m_models.contains(model)) {
            m_models.append(model);
            grown = true;
        }
    }
    if (grown) {
        m_providers.sort();
        m_models.sort();
    }
    if (!query.sameView(m_query))
        return; // the view changed meanwhile; its own read follows
    m_matching = page.matching;
    m_matchingCapped = page.matchingCapped;
    setRecords(page.records);
    m_current = true;
    Q_EMIT pageLoaded();
}

void RequestLogModel::setRecords(std::vector<RequestLogRecord> records)
{
    // The common refresh of the first page: k new rows in front of the ones shown, as many of the
    // oldest gone. Rows are written once, so matching ids means matching rows.
    const std::vector<RequestLogRecord>& old = m_records;
    size_t k = 0;
    bool incremental = !old.empty() && !records.empty();
    if (incremental) {
        while (k < records.size() && records[k].requestId != old.front().requestId)
            ++k;
        incremental = k < records.size();
    }
    size_t common = 0; // rows of old[0..common) equal to records[k..k+common)
    if (incremental) {
        while (common < old.size() && k + common < records.size()
               && records[k + common].requestId == old[common].requestId)
            ++common;
        // Either the old rows run out (the rest of the new page is appended) or the new page does
        // (the old tail is removed); anything else is a different list.
        incremental = common == old.size() || k + common == records.size();
    }
    if (!incremental) {
        beginResetModel();
        m_records = std::move(records);
        endResetModel();
        return;
    }
    if (common < m_records.size()) {
        beginRemoveRows({}, int(common), int(m_records.size()) - 1);
        m_records.resize(common);
        endRemoveRows();
    }
    if (k + common < records.size()) {
        beginInsertRows({}, int(m_records.size()), int(records.size() - k) - 1);
        m_records.insert(m_records.end(), std::make_move_iterator(records.begin() + std::ptrdiff_t(k + common)),
                         std::make_move_iterator(records.end()));
        endInsertRows();
    }
    if (k > 0) {
        beginInsertRows({}, 0, int(k) - 1);
        m_records.insert(m_records.begin(), std::make_move_iterator(records.begin()),
                         std::make_move_iterator(records.begin() + std::ptrdiff_t(k)));
        endInsertRows();
    }
}

} // namespace tollgate::ui
