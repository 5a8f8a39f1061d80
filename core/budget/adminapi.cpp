#include "budget/adminapi.h"

#include "api/apierror.h"
#include "api/json.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>
#include <QUrlQuery>

#include <openssl/crypto.h>

#include <rapidjson/document.h>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::AdminApi", text);
}

constexpr std::string_view kPrefix = "/admin/v1/";

http::HttpResponse jsonResponse(int status, QByteArray body)
{
    http::HttpResponse r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

http::HttpResponse errorResponse(int status, QByteArray type, QByteArray code, QString message)
{
    api::ApiError e;
    e.status = status;
    e.type = std::move(type);
    e.code = std::move(code);
    e.message = std::move(message);
    return e.toResponse();
}

http::HttpResponse badRequest(QString message)
{
    return api::ApiError::invalidRequest(std::move(message)).toResponse();
}

QByteArray isoTime(std::int64_t ms)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
}

void writeTimeOrNull(api::JsonWriter& w, std::string_view key, std::int64_t ms)
{
    w.key(key);
    if (ms <= 0)
        w.null();
    else
        w.string(isoTime(ms));
}

QByteArray amountText(std::int64_t micros)
{
    Money m;
    m.micros = micros;
    return m.toString().section(QLatin1Char(' '), 0, 0).toLatin1();
}

QString stringField(const rapidjson::Value& obj, const char* name)
{
    const auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || !it->value.IsString())
        return {};
    return QString::fromUtf8(it->value.GetString(), int(it->value.GetStringLength()));
}

bool hasField(const rapidjson::Value& obj, const char* name)
{
    const auto it = obj.FindMember(name);
    return it != obj.MemberEnd() && !it->value.IsNull();
}

// A non-negative integer field; false with *error when present and not one.
bool intField(const rapidjson::Value& obj, const char* name, std::int64_t* out, QString* error)
{
    const auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || it->value.IsNull())
        return true;
    if (!it->value.IsInt64() || it->value.GetInt64() < 0) {
        *error = tr("'%1' must be a non-negative integer").arg(QLatin1String(name));
        return false;
    }
    *out = it->value.GetInt64();
    return true;
}

// Amounts are accepted as a decimal string ("12.50") or a JSON number with at most 6 decimals.
bool amountField(const rapidjson::Value& obj, const char* name, std::int64_t* out, QString* error)
{
    const auto it = obj.FindMember(name);
    if (it == obj.MemberEnd() || it->value.IsNull())
        return true;
    QString text;
    if (it->value.IsString())
        text = QString::fromUtf8(it->value.GetString());
    else if (it->value.IsInt64())
        text = QString::number(it->value.GetInt64());
    else if (it->value.IsNumber())
        text = QString::number(it->value.GetDouble(), 'f', 6);
    if (!parseAmountMicros(text, out)) {
        *error = tr("'%1' must be a non-negative amount with at most 6 decimals").arg(QLatin1String(name));
        return false;
    }
    return true;
}

bool parseObject(const http::HttpRequest& request, rapidjson::Document* doc, QString* error)
{
    doc->Parse<api::kStrictParseFlags>(request.body.constData(), size_t(request.body.size()));
    if (doc->HasParseError() || !doc->IsObject()) {
        *error = tr("The request body must be a JSON object");
        return false;
    }
    return true;
}

} // namespace

AdminApi::AdminApi(BudgetService& service, std::optional<KeyHash> adminKeyHash)
    : m_service(service), m_adminKeyHash(adminKeyHash)
{
}

Result<std::optional<KeyHash>> AdminApi::adminKeyFromConfig(const BudgetConfig& config)
{
    if (!config.adminKeySha256Hex.isEmpty()) {
        KeyHash hash;
        if (!parseHexHash(config.adminKeySha256Hex, &hash))
            return makeError(tr("admin key: sha256 must be 64 hex digits"));
        return std::optional<KeyHash>(hash);
    }
    if (!config.adminKeyEnv.isEmpty()) {
        const QByteArray secret = qgetenv(config.adminKeyEnv.toLocal8Bit().constData());
        if (secret.size() < 16)
            return makeError(tr("admin key: the environment variable %1 is unset or shorter than 16 characters")
                                 .arg(config.adminKeyEnv));
        return std::optional<KeyHash>(hashKeyToken(std::string_view(secret.constData(), size_t(secret.size()))));
    }
    return std::optional<KeyHash>();
}

bool AdminApi::handles(std::string_view path)
{
    return path.substr(0, kPrefix.size()) == kPrefix;
}

http::HttpResponse AdminApi::handle(const http::HttpRequest& request)
{
    if (!m_adminKeyHash)
        return errorResponse(403, "permission_error", "admin_disabled",
                             tr("The admin API is disabled: no admin key is configured."));
    std::string_view auth = request.headers.value("authorization");
    if (auth.size() < 7 || !http::equalsIgnoreCase(auth.substr(0, 7), "bearer "))
        return errorResponse(401, "invalid_request_error", "missing_api_key",
                             tr("The admin API needs 'Authorization: Bearer <admin key>'."));
    auth.remove_prefix(7);
    while (!auth.empty() && auth.front() == ' ')
        auth.remove_prefix(1);
    // Both sides are SHA-256 digests of equal length; CRYPTO_memcmp does not stop at the first
    // differing byte, so timing says nothing about the admin key.
    const KeyHash presented = hashKeyToken(auth);
    if (CRYPTO_memcmp(presented.data(), m_adminKeyHash->data(), presented.size()) != 0)
        return errorResponse(401, "invalid_request_error", "invalid_api_key", tr("Incorrect admin key provided."));

    const std::string_view path = request.path();
    const std::string_view rest = path.substr(kPrefix.size());
    const std::string& method = request.method;
    if (rest == "keys") {
        if (method == "POST")
            return createKey(request);
        if (method == "GET")
            return listKeys();
        return api::ApiError::methodNotAllowed(QString::fromStdString(method), QString::fromUtf8(path.data(), int(path.size())), "GET, POST").toResponse();
    }
    if (rest.substr(0, 5) == "keys/" && rest.size() > 5) {
        if (method == "DELETE")
            return revokeKey(QString::fromUtf8(rest.data() + 5, int(rest.size() - 5)));
        return api::ApiError::methodNotAllowed(QString::fromStdString(method), QString::fromUtf8(path.data(), int(path.size())), "DELETE").toResponse();
    }
    if (rest == "budgets") {
        if (method == "GET")
            return getBudgets();
        if (method == "PUT")
            return putBudget(request);
        return api::ApiError::methodNotAllowed(QString::fromStdString(method), QString::fromUtf8(path.data(), int(path.size())), "GET, PUT").toResponse();
    }
    if (rest == "limits") {
        if (method == "GET")
            return getLimits();
        if (method == "PUT")
            return putLimits(request);
        return api::ApiError::methodNotAllowed(QString::fromStdString(method), QString::fromUtf8(path.data(), int(path.size())), "GET, PUT").toResponse();
    }
    if (rest == "spend") {
        if (method == "GET")
            return getSpend(request);
        return api::ApiError::methodNotAllowed(QString::fromStdString(method), QString::fromUtf8(path.data(), int(path.size())), "GET").toResponse();
    }
    return api::ApiError::pathNotFound(QString::fromUtf8(path.data(), int(path.size()))).toResponse();
}

namespace {

void writeKey(api::JsonWriter& w, const KeyInfo& k)
{
    w.key("id");
    w.string(k.id.toUtf8());
    w.key("name");
    w.string(k.name.toUtf8());
    w.key("prefix");
    w.string(k.prefix.toUtf8());
    w.key("team");
    w.string(k.team.toUtf8());
    w.key("project");
    if (k.project.isEmpty())
        w.null();
    else
        w.string(k.project.toUtf8());
    w.key("scopes");
    w.startArray();
    for (const QString& s : k.scopes)
        w.string(s.toUtf8());
    w.endArray();
    w.key("region");
    if (k.region.isEmpty())
        w.null();
    else
        w.string(k.region.toUtf8());
    w.key("guardrails");
    if (k.guardrails.isEmpty())
        w.null();
    else
        w.string(k.guardrails.toUtf8());
    writeTimeOrNull(w, "created_at", k.createdAtMs);
    writeTimeOrNull(w, "expires_at", k.expiresAtMs);
    writeTimeOrNull(w, "revoked_at", k.revokedAtMs);
    w.key("declared");
    w.boolean(k.declared);
    w.key("requests_per_minute");
    w.integer(k.limits.requestsPerMinute);
    w.key("tokens_per_minute");
    w.integer(k.limits.tokensPerMinute);
}

} // namespace

http::HttpResponse AdminApi::createKey(const http::HttpRequest& request)
{
    rapidjson::Document doc;
    QString error;
    if (!parseObject(request, &doc, &error))
        return badRequest(error);
    NewKeyOptions options;
    options.name = stringField(doc, "name");
    options.team = stringField(doc, "team");
    options.project = stringField(doc, "project");
    options.region = stringField(doc, "region");
    options.guardrails = stringField(doc, "guardrails");
    if (const auto it = doc.FindMember("scopes"); it != doc.MemberEnd() && !it->value.IsNull()) {
        if (!it->value.IsArray())
            return badRequest(tr("'scopes' must be an array of strings"));
        for (const auto& s : it->value.GetArray()) {
            if (!s.IsString() || s.GetStringLength() == 0)
                return badRequest(tr("'scopes' must be an array of strings"));
            options.scopes << QString::fromUtf8(s.GetString(), int(s.GetStringLength()));
        }
    }
    if (hasField(doc, "expires_at") && !parseTimestamp(stringField(doc, "expires_at"), &options.expiresAtMs))
        return badRequest(tr("'expires_at' must be an ISO 8601 date or date-time"));
    if (!intField(doc, "requests_per_minute", &options.limits.requestsPerMinute, &error)
        || !intField(doc, "tokens_per_minute", &options.limits.tokensPerMinute, &error))
        return badRequest(error);
    if (options.team.isEmpty())
        return badRequest(tr("'team' is required"));
    auto created = m_service.keys().create(options);
    if (!created)
        return badRequest(created.error().message);
    api::JsonWriter w;
    w.startObject();
    writeKey(w, *created->info);
    w.key("key");
    w.string(created->token);
    w.endObject();
    return jsonResponse(201, w.take());
}

http::HttpResponse AdminApi::listKeys()
{
    api::JsonWriter w;
    w.startObject();
    w.key("data");
    w.startArray();
    for (const auto& k : m_service.keys().list()) {
        w.startObject();
        writeKey(w, *k);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return jsonResponse(200, w.take());
}

http::HttpResponse AdminApi::revokeKey(const QString& id)
{
    if (!m_service.keys().find(id))
        return errorResponse(404, "not_found_error", "key_not_found", tr("No key with id '%1'").arg(id));
    if (auto r = m_service.keys().revoke(id); !r)
        return badRequest(r.error().message);
    m_service.limiter().forget(RateLimiter::Kind::Key, id);
    api::JsonWriter w;
    w.startObject();
    w.key("id");
    w.string(id.toUtf8());
    w.key("revoked");
    w.boolean(true);
    w.endObject();
    return jsonResponse(200, w.take());
}

http::HttpResponse AdminApi::getBudgets()
{
    api::JsonWriter w;
    w.startObject();
    w.key("data");
    w.startArray();
    for (const BudgetUsage& u : m_service.budgets().usage()) {
        const BudgetRuleConfig& r = u.rule;
        w.startObject();
        w.key("id");
        w.string(r.id.toUtf8());
        w.key("scope");
        w.string(scopeName(r.scope).toUtf8());
        w.key("subject");
        w.string(r.subject.toUtf8());
        w.key("period");
        w.string(periodName(r.period).toUtf8());
        w.key("time_zone");
        w.string(r.timeZone.toUtf8());
        w.key("currency");
        w.string(r.cap.currencyCode().toUtf8());
        w.key("cap");
        w.string(amountText(r.cap.micros));
        w.key("soft");
        if (r.softMicros < 0)
            w.null();
        else
            w.string(amountText(r.softMicros));
        w.key("spent");
        w.string(amountText(u.spentMicros));
        w.key("reserved");
        w.string(amountText(u.reservedMicros));
        writeTimeOrNull(w, "period_start", u.periodStartMs);
        writeTimeOrNull(w, "period_end", u.periodEndMs);
        w.key("active");
        w.boolean(u.active);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return jsonResponse(200, w.take());
}

http::HttpResponse AdminApi::putBudget(const http::HttpRequest& request)
{
    rapidjson::Document doc;
    QString error;
    if (!parseObject(request, &doc, &error))
        return badRequest(error);
    BudgetRuleConfig rule;
    rule.id = stringField(doc, "id");
    rule.subject = stringField(doc, "subject");
    if (!parseScope(stringField(doc, "scope"), &rule.scope))
        return badRequest(tr("'scope' must be key, project or team"));
    if (!parsePeriod(stringField(doc, "period"), &rule.period))
        return badRequest(tr("'period' must be day, month or custom"));
    if (hasField(doc, "time_zone"))
        rule.timeZone = stringField(doc, "time_zone");
    const QString currency = stringField(doc, "currency");
    if (!Money::isValidCurrencyCode(currency))
        return badRequest(tr("'currency' must be an ISO 4217 code such as EUR"));
    rule.cap.currency = Money::currencyFrom(currency);
    if (!hasField(doc, "cap"))
        return badRequest(tr("'cap' is required"));
    if (!amountField(doc, "cap", &rule.cap.micros, &error) || !amountField(doc, "soft", &rule.softMicros, &error))
        return badRequest(error);
    if (rule.period == BudgetPeriod::Custom) {
        if (!parseTimestamp(stringField(doc, "start"), &rule.customStartMs)
            || !parseTimestamp(stringField(doc, "end"), &rule.customEndMs))
            return badRequest(tr("A custom period needs 'start' and 'end' (ISO 8601)"));
    }
    if (auto r = m_service.setBudget(rule); !r)
        return badRequest(r.error().message);
    return getBudgets();
}

http::HttpResponse AdminApi::getLimits()
{
    api::JsonWriter w;
    w.startObject();
    w.key("data");
    w.startArray();
    for (const auto& e : m_service.limits()) {
        w.startObject();
        w.key("scope");
        w.string(e.kind == RateLimiter::Kind::Key ? std::string_view("key") : std::string_view("team"));
        w.key("subject");
        w.string(e.subject.toUtf8());
        w.key("requests_per_minute");
        w.integer(e.limits.requestsPerMinute);
        w.key("tokens_per_minute");
        w.integer(e.limits.tokensPerMinute);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return jsonResponse(200, w.take());
}

http::HttpResponse AdminApi::putLimits(const http::HttpRequest& request)
{
    rapidjson::Document doc;
    QString error;
    if (!parseObject(request, &doc, &error))
        return badRequest(error);
    const QString scope = stringField(doc, "scope");
    if (scope != QLatin1String("key") && scope != QLatin1String("team"))
        return badRequest(tr("'scope' must be key or team"));
    const QString subject = stringField(doc, "subject");
    if (scope == QLatin1String("key") && !m_service.keys().find(subject))
        return errorResponse(404, "not_found_error", "key_not_found", tr("No key with id '%1'").arg(subject));
    RateLimitConfig limits;
    if (!intField(doc, "requests_per_minute", &limits.requestsPerMinute, &error)
        || !intField(doc, "tokens_per_minute", &limits.tokensPerMinute, &error))
        return badRequest(error);
    if (auto r = m_service.setLimits(scope == QLatin1String("key") ? RateLimiter::Kind::Key : RateLimiter::Kind::Team,
                                     subject, limits);
        !r)
        return badRequest(r.error().message);
    return getLimits();
}

http::HttpResponse AdminApi::getSpend(const http::HttpRequest& request)
{
    const std::string& target = request.target;
    const auto q = target.find('?');
    const QUrlQuery query(q == std::string::npos ? QString() : QString::fromUtf8(target.data() + q + 1, int(target.size() - q - 1)));
    SpendQuery spend;
    spend.currency = m_service.config().displayCurrency;
    const QString groupBy = query.queryItemValue(QStringLiteral("group_by"), QUrl::FullyDecoded);
    if (!groupBy.isEmpty())
        spend.groupBy = groupBy.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString& g : spend.groupBy) {
        if (!isValidGroupBy(g))
            return badRequest(tr("Cannot group by '%1' (key, team, project, provider, model, day)").arg(g));
    }
    const QString from = query.queryItemValue(QStringLiteral("from"), QUrl::FullyDecoded);
    const QString to = query.queryItemValue(QStringLiteral("to"), QUrl::FullyDecoded);
    if (!from.isEmpty() && !parseTimestamp(from, &spend.fromMs))
        return badRequest(tr("'from' must be an ISO 8601 date or date-time"));
    if (!to.isEmpty()) {
        if (!parseTimestamp(to, &spend.toMs))
            return badRequest(tr("'to' must be an ISO 8601 date or date-time"));
        if (QDate::fromString(to, Qt::ISODate).isValid())
            spend.toMs += 86'400'000; // a date is inclusive: the whole day
    }
    const QString currency = query.queryItemValue(QStringLiteral("currency"), QUrl::FullyDecoded);
    if (!currency.isEmpty())
        spend.currency = currency.toUpper();
    m_service.ledger().flush(2'000); // a report right after a request includes it
    auto rows = spendReport(m_service.databasePath(), spend, *m_service.rates());
    if (!rows)
        return badRequest(rows.error().message);
    const QString format = query.queryItemValue(QStringLiteral("format"));
    const bool csv = format == QLatin1String("csv")
                     || (format.isEmpty() && request.headers.value("accept").find("text/csv") != std::string_view::npos);
    if (csv) {
        http::HttpResponse r;
        r.headers.set("Content-Type", "text/csv; charset=utf-8");
        r.body = spendReportCsv(spend, *rows);
        return r;
    }
    api::JsonWriter w;
    w.startObject();
    w.key("currency");
    w.string(spend.currency.toUtf8());
    w.key("data");
    w.startArray();
    for (const SpendRow& row : *rows) {
        w.startObject();
        for (int i = 0; i < spend.groupBy.size(); ++i) {
            const QByteArray k = spend.groupBy[i].toUtf8();
            w.key(std::string_view(k.constData(), size_t(k.size())));
            w.string(row.groupValues.value(i).toUtf8());
        }
        w.key("requests");
        w.integer(row.requests);
        w.key("input_tokens");
        w.integer(row.inputTokens);
        w.key("output_tokens");
        w.integer(row.outputTokens);
        w.key("amount");
        w.string(amountText(row.amount.micros));
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return jsonResponse(200, w.take());
}

} // namespace tollgate::budget
