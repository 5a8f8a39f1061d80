#include "audit/evidenceexport.h"

#include "audit/ledgerformat.h"
#include "audit/ledgerverifier.h"
#include "audit/recordjson.h"
#include "common/clock.h"

#include <QCoreApplication>
#include <QDateTime>

#include <sqlite3.h>

#include <cmath>
#include <tuple>

namespace tollgate {

namespace {

using namespace ledger;

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::EvidenceExport", text);
}

QString columnText(sqlite3_stmt* s, int i)
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(s, i)) : QString();
}

// "12.345678": micro-units as a decimal amount, exact (no floating point).
QString formatMicros(std::int64_t micros)
{
    const bool negative = micros < 0;
    const std::uint64_t m = negative ? std::uint64_t(0) - std::uint64_t(micros) : std::uint64_t(micros);
    return QStringLiteral("%1%2.%3")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(m / 1'000'000)
        .arg(m % 1'000'000, 6, 10, QLatin1Char('0'));
}

QString isoTime(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

using FlowKey = std::tuple<QString, QString, QString, QString, QString, QString>;

} // namespace

Result<EvidenceReport> buildEvidence(const QString& ledgerPath, const EvidenceOptions& options)
{
    if (options.toMs <= options.fromMs)
        return makeError(tr("the period is empty: its end is not after its start"));
    if (!options.currency.isEmpty() &&
        (options.currency.size() != 3 || options.currency.toUpper() != options.currency))
        return makeError(tr("\"%1\" is not an ISO 4217 currency code").arg(options.currency));

    EvidenceReport report;
    report.fromMs = options.fromMs;
    report.toMs = options.toMs;
    report.generatedMs = SystemClock::instance().wallMs();
    report.statementCurrency = options.currency;

    if (options.verify) {
        const LedgerVerifyReport v = verifyLedger(ledgerPath, options.publicKeyRaw);
        if (v.problem == LedgerVerifyReport::Problem::CannotRead)
            return makeError(v.message);
        report.verified = v.ok;
        report.verification = v.message;
    } else {
        report.verification = tr("not verified for this export");
    }

    ReadConnection conn;
    QString error;
    if (!conn.open(ledgerPath, &error))
        return makeError(error);
    exec(conn.db(), "BEGIN", nullptr);
    report.ledgerId = conn.meta("ledger_id").toLatin1();
    report.publicKeyFingerprint =
        options.publicKeyRaw.isEmpty()
            ? conn.meta("public_key_fingerprint").toLatin1()
            : toHex(sha256(options.publicKeyRaw.constData(), std::size_t(options.publicKeyRaw.size())));

    std::int64_t sealedThrough = 0;
    {
        Statement q(conn.db(), "SELECT coalesce(max(last_seq), 0) FROM checkpoints");
        if (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW)
            sealedThrough = sqlite3_column_int64(q.get(), 0);
    }

    std::map<FlowKey, EvidenceFlow> flows;
    std::int64_t minSeq = 0, maxSeq = 0;
    {
        Statement q(conn.db(),
                    "SELECT seq, data_classes, regimes, chosen_region, chosen_provider, team, action,"
                    " cost_micros, cost_currency FROM records WHERE time_ms >= ? AND time_ms < ?");
        if (!q.ok())
            return makeError(tr("cannot read the ledger: %1").arg(sqliteError(conn.db())));
        sqlite3_bind_int64(q.get(), 1, options.fromMs);
        sqlite3_bind_int64(q.get(), 2, options.toMs);
        while (sqlite3_step(q.get()) == SQLITE_ROW) {
            const std::int64_t seq = sqlite3_column_int64(q.get(), 0);
            QStringList classes, regimes;
            const auto* c = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 1));
            const auto* g = reinterpret_cast<const char*>(sqlite3_column_text(q.get(), 2));
            if (!c || !stringListFromJson(c, std::size_t(sqlite3_column_bytes(q.get(), 1)), &classes) || !g ||
                !stringListFromJson(g, std::size_t(sqlite3_column_bytes(q.get(), 2)), &regimes))
                return makeError(tr("record %1 is damaged; run `tollgate audit verify`").arg(seq));
            if (classes.isEmpty())
                classes.append(QStringLiteral("none"));
            regimes.sort();
            const QString regimeText =
                regimes.isEmpty() ? QStringLiteral("none") : regimes.join(QLatin1Char('+'));
            const QString region = columnText(q.get(), 3);
            const QString provider = columnText(q.get(), 4);
            const QString team = columnText(q.get(), 5);
            const QString action = columnText(q.get(), 6);
            const std::int64_t cost = sqlite3_column_int64(q.get(), 7);
            const QString currency = columnText(q.get(), 8);
            for (const QString& dataClass : classes) {
                EvidenceFlow& f = flows[FlowKey(dataClass, regimeText, region, provider, team, action)];
                if (f.records == 0) {
                    f.dataClass = dataClass;
                    f.regimes = regimeText;
                    f.region = region;
                    f.provider = provider;
                    f.team = team;
                    f.action = action;
                }
                ++f.records;
                if (cost != 0)
                    f.costMicros[currency] += cost;
            }
            report.teamCosts[team][currency] += cost;
            if (report.records == 0 || seq < minSeq)
                minSeq = seq;
            maxSeq = std::max(maxSeq, seq);
            ++report.records;
            if (seq > sealedThrough)
                ++report.unsealedRecords;
        }
    }
    for (auto& [key, flow] : flows)
        report.flows.push_back(std::move(flow));

    if (!options.currency.isEmpty()) {
        QStringList unconverted;
        for (const auto& [team, byCurrency] : report.teamCosts) {
            std::int64_t total = 0;
            for (const auto& [currency, micros] : byCurrency) {
                if (currency == options.currency) {
                    total += micros;
                } else if (options.rates.contains(currency)) {
                    total += std::llround(double(micros) * options.rates.value(currency));
                } else if (micros != 0 && !unconverted.contains(currency)) {
                    unconverted.append(currency);
                }
            }
            report.statementByTeam[team] = total;
            report.statementTotalMicros += total;
        }
        unconverted.sort();
        report.unconvertedCurrencies = unconverted;
    }

    if (report.records > 0) {
        Statement q(conn.db(),
                    "SELECT id, first_seq, last_seq, merkle_root, chain_head, prev_hash, time_ms, hash,"
                    " signature FROM checkpoints WHERE last_seq >= ? AND first_seq <= ? ORDER BY id");
        sqlite3_bind_int64(q.get(), 1, minSeq);
        sqlite3_bind_int64(q.get(), 2, maxSeq);
        while (q.ok() && sqlite3_step(q.get()) == SQLITE_ROW) {
            Checkpoint cp;
            readCheckpointRow(q.get(), 0, &cp);
            report.checkpoints.push_back({cp.number, cp.firstSeq, cp.lastSeq, cp.timeMs, toHex(cp.merkleRoot),
                                          toHex(cp.hash), cp.signature.toHex()});
        }
    }
    return report;
}

QByteArray evidenceToJson(const EvidenceReport& r)
{
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    auto str = [&](const QString& s) { writeJsonString(w, s); };
    auto costs = [&](const std::map<QString, std::int64_t>& byCurrency) {
        w.StartArray();
        for (const auto& [currency, micros] : byCurrency) {
            w.StartObject();
            w.Key("currency");
            str(currency);
            w.Key("micros");
            w.Int64(micros);
            w.Key("amount");
            str(formatMicros(micros));
            w.EndObject();
        }
        w.EndArray();
    };
    w.StartObject();
    w.Key("format");
    w.String("tollgate-evidence/1");
    w.Key("from");
    str(isoTime(r.fromMs));
    w.Key("to");
    str(isoTime(r.toMs));
    w.Key("generated");
    str(isoTime(r.generatedMs));
    w.Key("ledger_id");
    writeJsonString(w, r.ledgerId);
    w.Key("public_key_fingerprint");
    writeJsonString(w, r.publicKeyFingerprint);
    w.Key("verified");
    w.Bool(r.verified);
    w.Key("verification");
    str(r.verification);
    w.Key("records");
    w.Int64(r.records);
    w.Key("unsealed_records");
    w.Int64(r.unsealedRecords);
    w.Key("flows");
    w.StartArray();
    for (const EvidenceFlow& f : r.flows) {
        w.StartObject();
        w.Key("data_class");
        str(f.dataClass);
        w.Key("regimes");
        str(f.regimes);
        w.Key("region");
        str(f.region);
        w.Key("provider");
        str(f.provider);
        w.Key("team");
        str(f.team);
        w.Key("action");
        str(f.action);
        w.Key("records");
        w.Int64(f.records);
        w.Key("cost");
        costs(f.costMicros);
        w.EndObject();
    }
    w.EndArray();
    w.Key("cost_statement");
    w.StartObject();
    w.Key("currency");
    str(r.statementCurrency);
    w.Key("teams");
    w.StartArray();
    for (const auto& [team, byCurrency] : r.teamCosts) {
        w.StartObject();
        w.Key("team");
        str(team);
        w.Key("recorded");
        costs(byCurrency);
        if (!r.statementCurrency.isEmpty()) {
            const auto it = r.statementByTeam.find(team);
            const std::int64_t micros = it == r.statementByTeam.end() ? 0 : it->second;
            w.Key("statement_micros");
            w.Int64(micros);
            w.Key("statement_amount");
            str(formatMicros(micros));
        }
        w.EndObject();
    }
    w.EndArray();
    if (!r.statementCurrency.isEmpty()) {
        w.Key("total_micros");
        w.Int64(r.statementTotalMicros);
        w.Key("total_amount");
        str(formatMicros(r.statementTotalMicros));
        w.Key("unconverted_currencies");
        w.StartArray();
        for (const QString& c : r.unconvertedCurrencies)
            str(c);
        w.EndArray();
    }
    w.EndObject();
    w.Key("checkpoints");
    w.StartArray();
    for (const EvidenceCheckpoint& c : r.checkpoints) {
        w.StartObject();
        w.Key("number");
        w.Int64(c.number);
        w.Key("first_seq");
        w.Int64(c.firstSeq);
        w.Key("last_seq");
        w.Int64(c.lastSeq);
        w.Key("time");
        str(isoTime(c.timeMs));
        w.Key("merkle_root");
        writeJsonString(w, c.merkleRoot);
        w.Key("hash");
        writeJsonString(w, c.hash);
        w.Key("signature");
        writeJsonString(w, c.signature);
        w.EndObject();
    }
    w.EndArray();
    w.EndObject();
    return QByteArray(buf.GetString(), int(buf.GetSize()));
}

namespace {

// RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs a cell as a
// formula (team and provider names come from configuration, not from us).
QString csvField(const QString& s)
{
    QString v = s;
    if (!v.isEmpty() && (v[0] == QLatin1Char('=') || v[0] == QLatin1Char('+') || v[0] == QLatin1Char('-') ||
                         v[0] == QLatin1Char('@')))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) || v.contains(QLatin1Char('\n')) ||
        v.contains(QLatin1Char('\r'))) {
        v.replace(QLatin1String("\""), QLatin1String("\"\""));
        v = QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v;
}

QString htmlEscape(const QString& s)
{
    return s.toHtmlEscaped();
}

QString costText(const std::map<QString, std::int64_t>& byCurrency)
{
    QStringList parts;
    for (const auto& [currency, micros] : byCurrency)
        parts.append(formatMicros(micros) + QLatin1Char(' ') + currency);
    return parts.join(QLatin1String(", "));
}

} // namespace

QByteArray evidenceToCsv(const EvidenceReport& r)
{
    // One table: `section` says which columns a row uses (flow, cost, checkpoint).
    QStringList lines;
    lines.append(
        QStringLiteral("section,data_class,regimes,region,provider,team,action,records,amount,currency,"
                       "checkpoint,first_seq,last_seq,merkle_root,checkpoint_hash,signature"));
    auto row = [&](const QStringList& fields) {
        QStringList out;
        for (const QString& f : fields)
            out.append(csvField(f));
        lines.append(out.join(QLatin1Char(',')));
    };
    for (const EvidenceFlow& f : r.flows) {
        if (f.costMicros.empty()) {
            row({QStringLiteral("flow"),
                 f.dataClass,
                 f.regimes,
                 f.region,
                 f.provider,
                 f.team,
                 f.action,
                 QString::number(f.records),
                 QString(),
                 QString(),
                 {},
                 {},
                 {},
                 {},
                 {},
                 {}});
        }
        bool first = true;
        for (const auto& [currency, micros] : f.costMicros) {
            // A flow with costs in several currencies gets one row per currency; its records count once.
            row({QStringLiteral("flow"),
                 f.dataClass,
                 f.regimes,
                 f.region,
                 f.provider,
                 f.team,
                 f.action,
                 first ? QString::number(f.records) : QStringLiteral("0"),
                 formatMicros(micros),
                 currency,
                 {},
                 {},
                 {},
                 {},
                 {},
                 {}});
            first = false;
        }
    }
    for (const auto& [team, byCurrency] : r.teamCosts) {
        for (const auto& [currency, micros] : byCurrency)
            row({QStringLiteral("cost"),
                 {},
                 {},
                 {},
                 {},
                 team,
                 {},
                 {},
                 formatMicros(micros),
                 currency,
                 {},
                 {},
                 {},
                 {},
                 {},
                 {}});
        if (!r.statementCurrency.isEmpty()) {
            const auto it = r.statementByTeam.find(team);
            row({QStringLiteral("statement"),
                 {},
                 {},
                 {},
                 {},
                 team,
                 {},
                 {},
                 formatMicros(it == r.statementByTeam.end() ? 0 : it->second),
                 r.statementCurrency,
                 {},
                 {},
                 {},
                 {},
                 {},
                 {}});
        }
    }
    for (const EvidenceCheckpoint& c : r.checkpoints)
        row({QStringLiteral("checkpoint"),
             {},
             {},
             {},
             {},
             {},
             {},
             {},
             {},
             {},
             QString::number(c.number),
             QString::number(c.firstSeq),
             QString::number(c.lastSeq),
             QString::fromLatin1(c.merkleRoot),
             QString::fromLatin1(c.hash),
             QString::fromLatin1(c.signature)});
    return (lines.join(QLatin1String("\r\n")) + QLatin1String("\r\n")).toUtf8();
}

QByteArray evidenceToHtml(const EvidenceReport& r)
{
    QString h;
    h += QLatin1String(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Tollgate data residency evidence</title><style>"
        "body{font-family:sans-serif;margin:2em;color:#111}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:"
        "1.6em}"
        "table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #999;padding:.25em "
        ".5em;"
        "text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}code{font-size:.8em;"
        "word-break:break-all}.ok{color:#065f00}.bad{color:#a00000;font-weight:bold}"
        "@media print{body{margin:0}tr{page-break-inside:avoid}}"
        "</style></head><body>\n");
    h += QStringLiteral("<h1>%1</h1>\n").arg(htmlEscape(tr("Data residency evidence")));
    h += QStringLiteral(
             "<p>%1 <b>%2</b> — <b>%3</b> (UTC)<br>%4 <code>%5</code><br>%6 <code>%7</code><br>%8 %9</p>\n")
             .arg(htmlEscape(tr("Period:")), htmlEscape(isoTime(r.fromMs)), htmlEscape(isoTime(r.toMs)),
                  htmlEscape(tr("Ledger:")), QString::fromLatin1(r.ledgerId),
                  htmlEscape(tr("Signing key fingerprint:")), QString::fromLatin1(r.publicKeyFingerprint),
                  htmlEscape(tr("Generated:")), htmlEscape(isoTime(r.generatedMs)));
    h += QStringLiteral("<p class=\"%1\">%2 %3</p>\n")
             .arg(r.verified ? QStringLiteral("ok") : QStringLiteral("bad"),
                  htmlEscape(r.verified ? tr("Ledger verified:") : tr("Ledger verification FAILED:")),
                  htmlEscape(r.verification));
    h += QStringLiteral("<p>%1</p>\n")
             .arg(htmlEscape(tr("%1 requests in the period; %2 of them not yet sealed by a checkpoint."))
                      .arg(r.records)
                      .arg(r.unsealedRecords));

    h += QStringLiteral(
             "<h2>%1</h2>\n<table><tr><th>%2</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th><th>%7</th>"
             "<th>%8</th><th>%9</th></tr>\n")
             .arg(htmlEscape(tr("Where each class of data went")), htmlEscape(tr("Data class")),
                  htmlEscape(tr("Regimes")), htmlEscape(tr("Region")), htmlEscape(tr("Provider")),
                  htmlEscape(tr("Team")), htmlEscape(tr("Action")), htmlEscape(tr("Requests")),
                  htmlEscape(tr("Cost")));
    for (const EvidenceFlow& f : r.flows)
        h += QStringLiteral(
                 "<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td class=\"n\">%7"
                 "</td><td class=\"n\">%8</td></tr>\n")
                 .arg(htmlEscape(f.dataClass), htmlEscape(f.regimes), htmlEscape(f.region),
                      htmlEscape(f.provider), htmlEscape(f.team), htmlEscape(f.action),
                      QString::number(f.records), htmlEscape(costText(f.costMicros)));
    h += QLatin1String("</table>\n");

    h += QStringLiteral("<h2>%1</h2>\n<table><tr><th>%2</th><th>%3</th>%4</tr>\n")
             .arg(htmlEscape(tr("Cost statement")), htmlEscape(tr("Team")), htmlEscape(tr("Recorded cost")),
                  r.statementCurrency.isEmpty()
                      ? QString()
                      : QStringLiteral("<th>%1</th>").arg(htmlEscape(tr("In %1").arg(r.statementCurrency))));
    for (const auto& [team, byCurrency] : r.teamCosts) {
        QString statement;
        if (!r.statementCurrency.isEmpty()) {
            const auto it = r.statementByTeam.find(team);
            statement = QStringLiteral("<td class=\"n\">%1 %2</td>")
                            .arg(formatMicros(it == r.statementByTeam.end() ? 0 : it->second),
                                 htmlEscape(r.statementCurrency));
        }
        h += QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td>%3</tr>\n")
                 .arg(htmlEscape(team), htmlEscape(costText(byCurrency)), statement);
    }
    if (!r.statementCurrency.isEmpty())
        h += QStringLiteral("<tr><th>%1</th><th></th><th class=\"n\">%2 %3</th></tr>\n")
                 .arg(htmlEscape(tr("Total")), formatMicros(r.statementTotalMicros),
                      htmlEscape(r.statementCurrency));
    h += QLatin1String("</table>\n");
    if (!r.unconvertedCurrencies.isEmpty())
        h += QStringLiteral("<p>%1</p>\n")
                 .arg(htmlEscape(tr("Not converted (no rate given): %1")
                                     .arg(r.unconvertedCurrencies.join(QLatin1String(", ")))));

    h += QStringLiteral(
             "<h2>%1</h2>\n<p>%2</p>\n<table><tr><th>#</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th>"
             "</tr>\n")
             .arg(htmlEscape(tr("Signed checkpoints covering the period")),
                  htmlEscape(
                      tr("Each checkpoint signs the Merkle root of its records with the ledger's Ed25519 key."
                         " Anyone with the public key can check them with `tollgate audit verify`.")),
                  htmlEscape(tr("Records")), htmlEscape(tr("Sealed")), htmlEscape(tr("Merkle root")),
                  htmlEscape(tr("Signature")));
    for (const EvidenceCheckpoint& c : r.checkpoints)
        h += QStringLiteral("<tr><td class=\"n\">%1</td><td>%2–%3</td><td>%4</td><td><code>%5</code></td>"
                            "<td><code>%6</code></td></tr>\n")
                 .arg(c.number)
                 .arg(c.firstSeq)
                 .arg(c.lastSeq)
                 .arg(htmlEscape(isoTime(c.timeMs)), QString::fromLatin1(c.merkleRoot),
                      QString::fromLatin1(c.signature));
    h += QLatin1String("</table>\n</body></html>\n");
    return h.toUtf8();
}

} // namespace tollgate
