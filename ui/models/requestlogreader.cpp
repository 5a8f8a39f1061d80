#include "models/requestlogreader.h"

#include "store/requestlogwriter.h"

#include <QtConcurrent/QtConcurrentRun>

namespace tollgate::ui {

RequestLogReader::RequestLogReader(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &RequestLogReader::onFinished);
}

// A read still running finishes on the pool and its result is dropped; nothing waits for it here.
RequestLogReader::~RequestLogReader() = default;

void RequestLogReader::refresh()
{
    if (m_path.isEmpty())
        return;
    if (m_watcher.isRunning()) {
        m_again = true;
        return;
    }
    m_again = false;
    m_watcher.setFuture(QtConcurrent::run([path = m_path, limit = m_limit] {
        Result result;
        result.records = readRequestLog(path, limit, &result.error);
        return result;
    }));
}

void RequestLogReader::onFinished()
{
    Result result = m_watcher.result();
    if (result.error.isEmpty())
        Q_EMIT loaded(result.records);
    else
        Q_EMIT failed(result.error);
    if (m_again)
        refresh();
}

} // namespace tollgate::ui
