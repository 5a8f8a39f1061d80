#pragma once

// Helpers shared by the ledger tests: records with every field set, and direct SQL on a ledger
// file, the way someone tampering with it would work.

#include "audit/decisionrecord.h"

#include <QByteArray>
#include <QString>

#include <sqlite3.h>

namespace tollgate::testing {

inline DecisionRecord sampleDecision(int i, std::int64_t timeMs = 1'700'000'000'000)
{
    DecisionRecord r;
    r.requestId = QByteArray("req_") + QByteArray::number(100000 + i);
    r.timeMs = timeMs + i;
    r.keyId = QStringLiteral("key_%1").arg(i % 3);
    r.team = (i % 2 == 0) ? QStringLiteral("payments") : QStringLiteral("support");
    if (i % 4 != 3) {
        Detection d;
        d.type = QStringLiteral("email");
        d.count = 1 + i % 2;
        d.valueHashes.push_back(QByteArray(32, char('a' + i % 26)));
        r.detections.push_back(d);
        r.dataClasses = {QStringLiteral("personal")};
        r.regimes = {QStringLiteral("gdpr")};
    }
    r.policyVersion = QStringLiteral("policy-7");
    r.candidates = {{QStringLiteral("mistral-eu"), QStringLiteral("eu"), true},
                    {QStringLiteral("openai-us"), QStringLiteral("us"), false}};
    r.chosenProvider = QStringLiteral("mistral-eu");
    r.chosenRegion = QStringLiteral("eu");
    r.action = QStringLiteral("forwarded");
    r.outcome.httpStatus = 200;
    r.outcome.costMicros = 1000 + i;
    r.outcome.costCurrency = {'E', 'U', 'R'};
    r.outcome.inputTokens = 10 * i;
    r.outcome.outputTokens = 5 * i;
    return r;
}

// Runs sql on the ledger file; empty string on success, SQLite's message otherwise.
inline QString execSql(const QString& path, const QByteArray& sql)
{
    sqlite3* db = nullptr;
    QString result;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK) {
        result = QString::fromUtf8(sqlite3_errmsg(db));
    } else {
        char* message = nullptr;
        if (sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message) != SQLITE_OK)
            result = QString::fromUtf8(message ? message : "error");
        sqlite3_free(message);
    }
    sqlite3_close(db);
    return result;
}

inline std::int64_t queryInt(const QString& path, const QByteArray& sql)
{
    sqlite3* db = nullptr;
    std::int64_t value = -1;
    sqlite3_open(path.toUtf8().constData(), &db);
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        value = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return value;
}

} // namespace tollgate::testing
