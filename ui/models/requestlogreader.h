#pragma once

#include "store/requestlogrecord.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <vector>

namespace tollgate::ui {

// Reads the request log off the UI thread: refresh() starts a read on Qt's thread pool (on its
// own read-only connection) and the rows come back through loaded(), on this object's thread.
// One read at a time; a refresh() during a read asks for one more read after it.
class RequestLogReader : public QObject
{
    Q_OBJECT
public:
    explicit RequestLogReader(QObject* parent = nullptr);
    ~RequestLogReader() override;

    void setDatabasePath(const QString& path) { m_path = path; }
    QString databasePath() const { return m_path; }
    void setLimit(int rows) { m_limit = rows; }
    int limit() const { return m_limit; }
    bool isReading() const { return m_watcher.isRunning(); }

    void refresh();

Q_SIGNALS:
    void loaded(const std::vector<tollgate::RequestLogRecord>& records);
    void failed(const QString& error);

private:
    struct Result
    {
        std::vector<RequestLogRecord> records;
        QString error;
    };
    void onFinished();

    QString m_path;
    int m_limit = 1000;
    bool m_again = false;
    QFutureWatcher<Result> m_watcher;
};

} // namespace tollgate::ui
