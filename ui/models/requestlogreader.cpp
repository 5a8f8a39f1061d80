#include "models/requestlogreader.h"

#include "store/migrations.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace tollgate::ui {

namespace {

// The translation context of this file's messages (lupdate reads the macro).
class RequestLogReaderText
{
    Q_DECLARE_TR_FUNCTIONS(tollgate::ui::RequestLogReader)
};

// The model a row shows: the one used, else the one the client asked for.
const char* const kModelExpr = "(CASE WHEN model_used <> '' THEN model_used ELSE model_requested END)";

const char* const kTextColumns[] = {"request_id", "provider",   "model_requested", "model_used",  "endpoint",
                                    "path",       "error_type", "error_message",   "stop_reason"};

// The ORDER BY terms of a sort key, each in `direction` (ASC or DESC).
QString sortTerms(RequestLogQuery::SortKey key, const QString& direction)
{
    const auto by = [&direction](QLatin1String expression) {
        return expression + QLatin1Char(' ') + direction;
    };
    switch (key) {
    case RequestLogQuery::SortKey::Time:
        break;
    case RequestLogQuery::SortKey::Provider:
        return by(QLatin1String("provider"));
    case RequestLogQuery::SortKey::Model:
        return by(QLatin1String(kModelExpr));
    case RequestLogQuery::SortKey::Status:
        return by(QLatin1String("status"));
    case RequestLogQuery::SortKey::Latency:
        return by(QLatin1String("total_us"));
    case RequestLogQuery::SortKey::Tokens:
        return by(QLatin1String("(input_tokens + output_tokens)"));
    case RequestLogQuery::SortKey::Cost:
        return by(QLatin1String("cost_micros"));
    case RequestLogQuery::SortKey::Endpoint:
        return by(QLatin1String("endpoint"));
    case RequestLogQuery::SortKey::RequestId:
        // The order of request_id alone, since an id begins with its started_at_ms (common/ids.h),
        // but read along request_log_started_at instead of sorted: the log keeps no index of ids.
        return by(QLatin1String("started_at_ms")) + QLatin1String(", ") + by(QLatin1String("request_id"));
    }
    return by(QLatin1String("started_at_ms"));
}

// The WHERE clause (empty or starting with " WHERE") and its values, bound in order.
QString whereClause(const RequestLogQuery& query, QVariantList* values)
{
    QStringList terms;
    if (!query.provider.isNull()) {
        terms << QStringLiteral("provider = ?");
        values->append(query.provider);
    }
    if (!query.model.isNull()) {
        terms << QStringLiteral("%1 = ?").arg(QLatin1String(kModelExpr));
        values->append(query.model);
    }
    switch (query.status) {
    case RequestLogQuery::Status::Any:
        break;
    case RequestLogQuery::Status::Success:
        terms << QStringLiteral("status >= 100 AND status < 400");
        break;
    case RequestLogQuery::Status::ClientError:
        terms << QStringLiteral("status >= 400 AND status < 500");
        break;
    case RequestLogQuery::Status::ServerError:
        terms << QStringLiteral("status >= 500");
        break;
    case RequestLogQuery::Status::ClientLeft:
        terms << QStringLiteral("status = 0");
        break;
    }
    const QString text = query.text.trimmed();
    if (!text.isEmpty()) {
        // The user's text is a literal: its LIKE wildcards are escaped.
        QString pattern = text;
        pattern.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        pattern = QLatin1Char('%') + pattern + QLatin1Char('%');
        QStringList any;
        for (const char* column : kTextColumns) {
            any << QStringLiteral("%1 LIKE ? ESCAPE '\\'").arg(QLatin1String(column));
            values->append(pattern);
        }
        terms << QLatin1Char('(') + any.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    if (terms.isEmpty())
        return {};
    return QStringLiteral(" WHERE ") + terms.join(QLatin1String(" AND "));
}

bool execBound(QSqlQuery& q, const QString& sql, const QVariantList& values, QString* error)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        *error = RequestLogReaderText::tr("Cannot read the request log: %1").arg(q.lastError().text());
        return false;
    }
    for (const QVariant& value : values)
        q.addBindValue(value);
    if (!q.exec()) {
        *error = RequestLogReaderText::tr("Cannot read the request log: %1").arg(q.lastError().text());
        return false;
    }
    return true;
}

QString uniqueConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("tollgate-requests-page-%1").arg(++counter);
}

void readPage(QSqlDatabase& db, const RequestLogQuery& query, RequestLogPage* page, QString* error)
{
    QVariantList values;
    const QString where = whereClause(query, &values);
    const QString direction = query.order == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
    // id breaks ties in the same direction, so that equal keys keep their order of arrival and
    // pages never overlap or skip rows.
    const QString sql =
        QStringLiteral("SELECT %1 FROM request_log%2 ORDER BY %3, id %4 LIMIT %5 OFFSET %6")
            .arg(QLatin1String(kRequestLogColumns), where, sortTerms(query.sortKey, direction), direction)
            .arg(qMax(1, query.limit))
            .arg(qMax(0, query.offset));
    {
        QSqlQuery q(db);
        if (!execBound(q, sql, values, error))
            return;
        while (q.next())
            page->records.push_back(readRequestLogRecord(q));
        if (q.lastError().isValid()) {
            *error = RequestLogReaderText::tr("Cannot read the request log: %1").arg(q.lastError().text());
            return;
        }
    }
    {
        QSqlQuery q(db);
        const QString countSql = QStringLiteral("SELECT COUNT(*) FROM (SELECT 1 FROM request_log%1 LIMIT %2)")
                                     .arg(where)
                                     .arg(RequestLogPage::CountCap + 1);
        if (!execBound(q, countSql, values, error))
            return;
        const qint64 counted = q.next() ? q.value(0).toLongLong() : 0;
        page->matchingCapped = counted > RequestLogPage::CountCap;
        page->matching = qMin(counted, RequestLogPage::CountCap);
    }
    if (query.withChoices) {
        QSqlQuery q(db);
        const QString choicesSql =
            QStringLiteral("SELECT DISTINCT provider, %1 FROM (SELECT provider, model_used, model_requested"
                           " FROM request_log ORDER BY started_at_ms DESC LIMIT %2)")
                .arg(QLatin1String(kModelExpr))
                .arg(RequestLogPage::ChoiceRows);
        if (!execBound(q, choicesSql, {}, error))
            return;
        QSet<QString> providers;
        QSet<QString> models;
        while (q.next()) {
            providers.insert(q.value(0).toString());
            models.insert(q.value(1).toString());
        }
        page->providers = QStringList(providers.begin(), providers.end());
        page->models = QStringList(models.begin(), models.end());
        page->providers.sort();
        page->models.sort();
        page->hasChoices = true;
    }
}

} // namespace

bool RequestLogQuery::sameFilter(const RequestLogQuery& other) const
{
    return provider == other.provider && provider.isNull() == other.provider.isNull() && model == other.model
        && model.isNull() == other.model.isNull() && status == other.status && text.trimmed() == other.text.trimmed();
}

bool RequestLogQuery::sameView(const RequestLogQuery& other) const
{
    return sameFilter(other) && sortKey == other.sortKey && order == other.order && offset == other.offset
        && limit == other.limit;
}

RequestLogPage readRequestLogPage(const QString& databasePath, const RequestLogQuery& query, QString* error)
{
    QElapsedTimer timer;
    timer.start();
    RequestLogPage page;
    QString message;
    if (!QFileInfo(databasePath).isFile()) {
        message = RequestLogReaderText::tr("No request log database at %1").arg(databasePath);
    } else {
        const QString name = uniqueConnectionName();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(databasePath);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
            if (!db.isValid()) {
                message = RequestLogReaderText::tr("The SQLite driver (QSQLITE) is not available");
            } else if (!db.open()) {
                message = RequestLogReaderText::tr("Cannot open %1: %2").arg(databasePath, db.lastError().text());
            } else {
                const Result<int> version = store::readSchemaVersion(db);
                if (!version)
                    message = version.error().message;
                else if (*version < 1)
                    message = RequestLogReaderText::tr("%1 is not a Tollgate request log database").arg(databasePath);
                else if (*version > store::latestSchemaVersion())
                    message = RequestLogReaderText::tr("%1 has schema version %2, newer than this Tollgate knows (%3)")
                                  .arg(databasePath)
                                  .arg(*version)
                                  .arg(store::latestSchemaVersion());
                else
                    readPage(db, query, &page, &message);
                db.close();
            }
        }
        QSqlDatabase::removeDatabase(name);
    }
    if (!message.isEmpty())
        page = RequestLogPage();
    if (error)
        *error = message;
    page.elapsedMs = timer.elapsed();
    return page;
}

RequestLogReader::RequestLogReader(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, &RequestLogReader::onFinished);
}

// A read still running finishes on the pool and its result is dropped; nothing waits for it here.
RequestLogReader::~RequestLogReader() = default;

void RequestLogReader::read(const RequestLogQuery& query)
{
    if (m_path.isEmpty())
        return;
    if (m_watcher.isRunning()) {
        m_next = query;
        m_pending = true;
        return;
    }
    m_pending = false;
    m_watcher.setFuture(QtConcurrent::run([path = m_path, query] {
        Result result;
        result.path = path;
        result.query = query;
        result.page = readRequestLogPage(path, query, &result.error);
        return result;
    }));
}

void RequestLogReader::onFinished()
{
    const Result result = m_watcher.result();
    // A waiting query starts first, so the pool works while the UI thread applies this page.
    if (m_pending)
        read(m_next);
    if (result.path != m_path)
        return;
    if (result.error.isEmpty())
        Q_EMIT loaded(result.query, result.page);
    else
        Q_EMIT failed(result.error);
}

} // namespace tollgate::ui
