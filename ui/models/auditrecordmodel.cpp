#include "models/auditrecordmodel.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace tollgate::ui {

AuditRecordModel::AuditRecordModel(QObject* parent) : QAbstractTableModel(parent) {}

void AuditRecordModel::setLedgerPath(const QString& path)
{
    if (path == m_path)
        return;
    m_path = path;
    refresh();
}

void AuditRecordModel::refresh()
{
    load(0, true);
}

void AuditRecordModel::load(std::int64_t beforeSeq, bool replace)
{
    if (replace)
        ++m_generation;
    if (m_path.isEmpty()) {
        beginResetModel();
        m_rows.clear();
        endResetModel();
        m_atEnd = true;
        m_loading = false;
        return;
    }
    m_loading = true;
    const quint64 generation = m_generation;
    auto* watcher = new QFutureWatcher<AuditPage>(this);
    connect(watcher, &QFutureWatcher<AuditPage>::finished, this, [this, watcher, replace, generation] {
        watcher->deleteLater();
        onPage(watcher->result(), replace, generation);
    });
    watcher->setFuture(QtConcurrent::run(readAuditPage, m_path, beforeSeq, m_pageSize));
}

void AuditRecordModel::onPage(AuditPage page, bool replace, quint64 generation)
{
    if (generation != m_generation)
        return; // a refresh started since: this page belongs to the old listing
    m_loading = false;
    m_error = page.ok ? QString() : page.error;
    m_atEnd = !page.ok || int(page.rows.size()) < m_pageSize;
    if (replace) {
        beginResetModel();
        m_rows = std::move(page.rows);
        endResetModel();
    } else if (!page.rows.empty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(page.rows.size()) - 1);
        for (AuditRecordRow& row : page.rows)
            m_rows.push_back(std::move(row));
        endInsertRows();
    }
    Q_EMIT pageLoaded();
}

const AuditRecordRow* AuditRecordModel::record(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[std::size_t(row)] : nullptr;
}

int AuditRecordModel::rowOfSeq(std::int64_t seq) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].seq == seq)
            return int(i);
    return -1;
}

int AuditRecordModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AuditRecordModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditRecordModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditRecordRow& r = m_rows[std::size_t(index.row())];
    if (role == SeqRole)
        return qint64(r.seq);
    if (role == RequestIdRole)
        return r.requestId;
    if (role == Qt::ToolTipRole && index.column() == RecordHashColumn)
        return tr("Decision hash (x-tollgate-decision): %1").arg(QString::fromLatin1(r.decisionHash));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(r.timeMs, Qt::UTC)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
    case RequestIdColumn:
        return QString::fromUtf8(r.requestId);
    case KeyTeamColumn:
        if (r.keyId.isEmpty() && r.team.isEmpty())
            return QString();
        return r.team.isEmpty() ? r.keyId : r.keyId + QStringLiteral(" / ") + r.team;
    case ClassesColumn:
        return r.dataClasses.isEmpty() ? tr("none") : r.dataClasses.join(QStringLiteral(", "));
    case RegimesColumn:
        return r.regimes.isEmpty() ? tr("none") : r.regimes.join(QStringLiteral(", "));
    case ProviderColumn:
        return r.chosenProvider;
    case RegionColumn:
        return r.chosenRegion;
    case ActionColumn:
        return r.action;
    case CostColumn:
        return QStringLiteral("%1 %2").arg(QString::number(double(r.costMicros) / 1e6, 'f', 6),
                                           r.costCurrency);
    case RecordHashColumn:
        return QString::fromLatin1(r.decisionHash.left(16));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant AuditRecordModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case RequestIdColumn:
        return tr("Request");
    case KeyTeamColumn:
        return tr("Key / team");
    case ClassesColumn:
        return tr("Data classes");
    case RegimesColumn:
        return tr("Regimes");
    case ProviderColumn:
        return tr("Provider");
    case RegionColumn:
        return tr("Region");
    case ActionColumn:
        return tr("Action");
    case CostColumn:
        return tr("Cost");
    case RecordHashColumn:
        return tr("Record hash");
    case ColumnCount:
        break;
    }
    return {};
}

bool AuditRecordModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_loading && !m_atEnd && !m_rows.empty();
}

void AuditRecordModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    load(m_rows.back().seq, false);
}

} // namespace tollgate::ui
