#pragma once

#include "models/auditledgerreader.h"

#include <QAbstractTableModel>

#include <vector>

namespace tollgate::ui {

// The decision ledger's records, newest first, read-only and paged: refresh() loads the first
// page, fetchMore() (called by views as they scroll) the next. Every read runs on the thread pool
// (auditledgerreader.h); results arrive on the model's thread, so the UI never waits on SQLite.
// A refresh discards pages still in flight.
class AuditRecordModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        RequestIdColumn,
        KeyTeamColumn,
        ClassesColumn,
        RegimesColumn,
        ProviderColumn,
        RegionColumn,
        ActionColumn,
        CostColumn,
        RecordHashColumn,
        ColumnCount
    };
    enum Role
    {
        SeqRole = Qt::UserRole, // qint64
        RequestIdRole,          // QByteArray
    };

    explicit AuditRecordModel(QObject* parent = nullptr);

    void setLedgerPath(const QString& path);
    const QString& ledgerPath() const { return m_path; }
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    // Reloads from the newest record.
    void refresh();
    bool isLoading() const { return m_loading; }
    QString lastError() const { return m_error; }

    const AuditRecordRow* record(int row) const;
    // Row of a loaded record, -1 when it is not loaded.
    int rowOfSeq(std::int64_t seq) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    // A page (or the error that stopped it) arrived.
    void pageLoaded();

private:
    void load(std::int64_t beforeSeq, bool replace);
    void onPage(AuditPage page, bool replace, quint64 generation);

    QString m_path;
    std::vector<AuditRecordRow> m_rows;
    int m_pageSize = 200;
    bool m_loading = false;
    bool m_atEnd = true;
    quint64 m_generation = 0;
    QString m_error;
};

} // namespace tollgate::ui
