#pragma once

#include "models/requestlogreader.h"
#include "store/requestlogrecord.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QStringList>

#include <vector>

namespace tollgate::ui {

// The request log as a paged table over the store. Filter, order and page are applied in SQL by a
// RequestLogReader off the UI thread (sort() re-reads from the first page, it does not reorder
// the rows shown); the rows arrive a moment later and pageLoaded() follows. When a refresh of the
// same view brings new requests in front of the rows shown, they are inserted at the top and the
// oldest removed at the bottom (no reset), so a selection on a row still shown survives.
// Lives on the UI thread.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Provider,
        Model,
        Status,
        Latency,
        Tokens,
        Cost,
        Endpoint,
        RequestId,
        ColumnCount
    };
    enum Role
    {
        RequestIdRole = Qt::UserRole, // QString
        ProviderRole,                 // QString, empty when the gateway answered itself
        ModelRole,                    // QString: the model used, else the one requested
        StatusRole,                   // int HTTP status, 0 if the client left first
        SortRole,                     // the value the store sorts the column by (numbers as numbers)
    };
    static constexpr int DefaultPageSize = 200;

    explicit RequestLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Orders the whole log by the column (in the store) and shows the first page.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Empties the table and reads the first page of the log at path.
    void setDatabasePath(const QString& path);
    QString databasePath() const { return m_reader->databasePath(); }
    // Only the filter fields of filter are used (provider, model, status, text); back to page 1.
    void setFilter(const RequestLogQuery& filter);
    // The view asked for: filter, order, page (offset and limit).
    const RequestLogQuery& query() const { return m_query; }
    void setPageSize(int rows);
    int pageSize() const { return m_query.limit; }

    // Pages count from 0. setPage() reads that page; the rows change when it arrives.
    int page() const { return m_query.offset / m_query.limit; }
    void setPage(int page);
    bool hasPreviousPage() const { return page() > 0; }
    bool hasNextPage() const;
    // Pages of the rows counted so far (at least 1); with matchingCountCapped() there are more.
    int pageCount() const;
    qint64 matchingCount() const { return m_matching; }
    bool matchingCountCapped() const { return m_matchingCapped; }
    // Providers ("" for the gateway's own answers) and models of the newest rows, for filters.
    const QStringList& providerChoices() const { return m_providers; }
    const QStringList& modelChoices() const { return m_models; }

    // Re-reads the current view now (or right after the read under way).
    void refresh();
    // A refresh for new traffic: only on the first page, never while a read is under way, and
    // spaced so that a slow query (a sort over millions of rows) takes at most a fifth of a pool
    // thread. Returns whether a read was started.
    bool refreshLive();
    bool isReading() const { return m_reader->isReading(); }
    // True once the rows shown are the answer to query().
    bool isCurrent() const { return m_current; }

    const RequestLogRecord* recordAt(int row) const;
    int rowOfRequest(const QByteArray& requestId) const; // -1 if not on this page

Q_SIGNALS:
    // After a page of the current view was applied (also when nothing changed).
    void pageLoaded();
    void readFailed(const QString& error);

private:
    void read();
    void onLoaded(const RequestLogQuery& query, const RequestLogPage& page);
    void setRecords(std::vector<RequestLogRecord> records);

    RequestLogReader* m_reader;
    RequestLogQuery m_query;
    std::vector<RequestLogRecord> m_records;
    qint64 m_matching = 0;
    bool m_matchingCapped = false;
    bool m_current = false;
    QStringList m_providers;
    QStringList m_models;
    QElapsedTimer m_choicesAge;    // since the filter choices were last read
    QElapsedTimer m_sinceLoaded;   // since the last page arrived
    qint64 m_lastReadMs = 0;       // how long that read took on its pool thread
};

} // namespace tollgate::ui
