#pragma once

#include "store/requestlogrecord.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace tollgate::ui {

// What the Requests table asks the store for: a filter, an order and a page. Everything is
// applied in SQL, so sorting and filtering cover the whole log, not only the rows shown.
struct RequestLogQuery
{
    enum class Status
    {
        Any,
        Success,     // 1xx to 3xx
        ClientError, // 4xx
        ServerError, // 5xx
        ClientLeft   // 0: the client left before the response
    };
    // The sort keys, in the order of RequestLogModel's columns.
    enum class SortKey
    {
        Time,
        Provider,
        Model,
        Status,
        Latency,
        Tokens,
        Cost,
        Endpoint,
        RequestId
    };

    QString provider; // null: any; "" matches the gateway's own answers (no provider)
    QString model;    // null: any; compared with the model used, else the one requested
    Status status = Status::Any;
    QString text;     // substring of any text field, case-insensitive for ASCII; empty: any
    SortKey sortKey = SortKey::Time;
    Qt::SortOrder order = Qt::DescendingOrder;
    int offset = 0;     // rows
    int limit = 200;    // rows; at least 1
    bool withChoices = false; // also list the providers and models of the recent rows

    bool sameFilter(const RequestLogQuery& other) const;
    bool sameView(const RequestLogQuery& other) const; // filter, order and page
};

struct RequestLogPage
{
    // Matching rows are counted up to this many: counting millions of rows every second would
    // cost more than the page itself. Above it the count reads "more than".
    static constexpr qint64 CountCap = 100'000;
    // The filter choices come from this many of the newest rows.
    static constexpr int ChoiceRows = 20'000;

    std::vector<RequestLogRecord> records;
    qint64 matching = 0;          // rows matching the filter, at most CountCap
    bool matchingCapped = false;  // there are more than CountCap
    bool hasChoices = false;
    QStringList providers;        // sorted; "" for the gateway's own answers
    QStringList models;           // sorted
    qint64 elapsedMs = 0;         // how long the read took
};

// One read of the request log on its own read-only connection; safe on any thread and while the
// writer is active. On failure returns an empty page and sets *error.
RequestLogPage readRequestLogPage(const QString& databasePath, const RequestLogQuery& query, QString* error);

// Reads pages of the request log off the UI thread: read() starts a read on Qt's thread pool and
// the page comes back through loaded(), on this object's thread. One read at a time; a read()
// during a read replaces any earlier waiting one, so only the latest query runs next.
class RequestLogReader : public QObject
{
    Q_OBJECT
public:
    explicit RequestLogReader(QObject* parent = nullptr);
    ~RequestLogReader() override;

    // Pages of a read from an earlier path are dropped when they arrive.
    void setDatabasePath(const QString& path) { m_path = path; }
    QString databasePath() const { return m_path; }
    bool isReading() const { return m_watcher.isRunning(); }

    void read(const RequestLogQuery& query);

Q_SIGNALS:
    void loaded(const tollgate::ui::RequestLogQuery& query, const tollgate::ui::RequestLogPage& page);
    void failed(const QString& error);

private:
    struct Result
    {
        QString path;
        RequestLogQuery query;
        RequestLogPage page;
        QString error;
    };
    void onFinished();

    QString m_path;
    bool m_pending = false;
    RequestLogQuery m_next;
    QFutureWatcher<Result> m_watcher;
};

} // namespace tollgate::ui
