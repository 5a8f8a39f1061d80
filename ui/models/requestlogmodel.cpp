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

RequestLogModel::RequestLogModel(QObject* parent) : QAbstractTableModel(parent) {}

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
    case SearchTextRole:
        return QStringList{QString::fromLatin1(r.requestId),
                           r.provider,
                           r.modelRequested,
                           r.modelUsed,
                           r.endpoint,
                           r.path,
                           r.errorType,
                           r.errorMessage,
                           r.stopReason}
            .join(QLatin1Char('\n'));
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

void RequestLogModel::setRecords(std::vector<RequestLogRecord> records)
{
    // The common refresh: k new rows in front of what is shown, maybe the oldest ones gone.
    // Rows are written once, so matching ids means matching rows.
    size_t k = 0;
    bool incremental = !m_records.empty();
    if (incremental) {
        const QByteArray& newestShown = m_records.front().requestId;
        while (k < records.size() && records[k].requestId != newestShown)
            ++k;
        incremental = k < records.size();
        for (size_t i = k; incremental && i < records.size() && i - k < m_records.size(); ++i)
            incremental = records[i].requestId == m_records[i - k].requestId;
    }
    if (!incremental) {
        beginResetModel();
        m_records = std::move(records);
        endResetModel();
        return;
    }
    const size_t kept = records.size() - k; // rows of the old list still in the new one
    if (kept < m_records.size()) {
        beginRemoveRows({}, int(kept), int(m_records.size()) - 1);
        m_records.resize(kept);
        endRemoveRows();
    }
    if (k > 0) {
        beginInsertRows({}, 0, int(k) - 1);
        m_records.insert(m_records.begin(), std::make_move_iterator(records.begin()),
                         std::make_move_iterator(records.begin() + std::ptrdiff_t(k)));
        endInsertRows();
    }
}

} // namespace tollgate::ui
