#include "config/configloader.h"

#include "common/logging.h"
#include "common/money.h"
#include "providers/provideradapter.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHostAddress>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrl>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <limits>
#include <optional>
#include <string>

namespace tollgate {

namespace {

// Config files are small; anything larger is a mistake (or an attack on the parser).
constexpr qint64 kMaxConfigFileBytes = 16 * 1024 * 1024;
// Prices are stored in micro-units, so at most six decimals can be exact.
constexpr int kPriceDecimals = 6;
// Upper bound for one price (per 1M tokens) so that cost arithmetic stays far from overflow.
constexpr std::int64_t kMaxPriceMicros = std::int64_t(1'000'000'000) * 1'000'000;

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::ConfigLoader", text);
}

QString quoted(const QString& s)
{
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

struct Pos
{
    int line = 0;
    int column = 0;
};

Pos posOf(const YAML::Node& node)
{
    if (!node.IsDefined())
        return {};
    const YAML::Mark mark = node.Mark();
    if (mark.is_null())
        return {};
    return {mark.line + 1, mark.column + 1};
}

QString nodeKindName(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Map:
        return tr("a mapping");
    case YAML::NodeType::Sequence:
        return tr("a list");
    case YAML::NodeType::Scalar:
        return tr("a scalar");
    case YAML::NodeType::Null:
        return tr("empty");
    case YAML::NodeType::Undefined:
        break;
    }
    return tr("nothing");
}

QString scalarText(const YAML::Node& node)
{
    return QString::fromStdString(node.Scalar());
}

int editDistance(const QString& a, const QString& b)
{
    std::vector<int> prev(b.size() + 1);
    std::vector<int> cur(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        prev[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// The closest candidate within a distance that still looks like a typo, or an empty string.
QString closest(const QString& word, const QStringList& candidates)
{
    QString best;
    int bestDistance = INT_MAX;
    for (const QString& c : candidates) {
        const int d = editDistance(word.toLower(), c.toLower());
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    const int allowed = std::max<int>(2, int(word.size()) / 3);
    return bestDistance <= allowed ? best : QString();
}

QString didYouMean(const QString& word, const QStringList& candidates)
{
    const QString suggestion = closest(word, candidates);
    if (suggestion.isEmpty())
        return {};
    return tr("; did you mean %1?").arg(quoted(suggestion));
}

const QRegularExpression& providerNamePattern()
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9_-]*$"));
    return re;
}

const QRegularExpression& regionPattern()
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9-]+$"));
    return re;
}

// Azure api-version values: "2024-10-21", "2025-01-01-preview"; they go into a query string.
const QRegularExpression& apiVersionPattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9.-]*$"));
    return re;
}

const QRegularExpression& envNamePattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re;
}

const QRegularExpression& secretNamePattern()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"));
    return re;
}

const QStringList& validKinds()
{
    static const QStringList kinds{QStringLiteral("openai"), QStringLiteral("openai-compatible"),
                                   QStringLiteral("anthropic"), QStringLiteral("gemini"),
                                   QStringLiteral("azure-openai")};
    return kinds;
}

// One key/value pair of a YAML mapping, with its key as text.
struct Entry
{
    QString key;
    YAML::Node keyNode;
    YAML::Node value;
};

// The checked keys of one mapping: unknown and repeated keys are already reported.
struct MapView
{
    std::vector<Entry> entries;
    const Entry* find(const QString& key) const
    {
        for (const Entry& e : entries) {
            if (e.key == key)
                return &e;
        }
        return nullptr;
    }
    const Entry* find(const char* key) const { return find(QString::fromLatin1(key)); }
};

// Where a value sits, for messages: "in provider 'openai'", "in server", ...
struct Where
{
    QString text;
};

class Validator
{
public:
    Validator(ConfigLoader::EnvLookup env, ConfigLoader::SecretLookup secrets)
        : m_env(std::move(env)), m_secrets(std::move(secrets))
    {
    }

    std::vector<ConfigIssue> takeIssues()
    {
        std::stable_sort(m_issues.begin(), m_issues.end(), [](const ConfigIssue& a, const ConfigIssue& b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        });
        return std::move(m_issues);
    }
    bool hasErrors() const { return m_errors > 0; }

    void error(Pos pos, const QString& message) { add(ConfigIssue::Severity::Error, pos, message); }
    void warning(Pos pos, const QString& message) { add(ConfigIssue::Severity::Warning, pos, message); }

    void document(const YAML::Node& root, GatewayConfig& config);

private:
    void add(ConfigIssue::Severity severity, Pos pos, const QString& message)
    {
        ConfigIssue issue;
        issue.severity = severity;
        issue.line = pos.line;
        issue.column = pos.column;
        issue.message = message;
        m_issues.push_back(std::move(issue));
        if (severity == ConfigIssue::Severity::Error)
            ++m_errors;
    }

    MapView checkMap(const YAML::Node& map, const QStringList& known, const Where& where);

    bool requireValue(const Entry& e, const Where& where);
    std::optional<QString> readString(const Entry& e, const Where& where);
    std::optional<std::int64_t> readInteger(const Entry& e, const Where& where, std::int64_t min,
                                            std::int64_t max);
    // A size in bytes, with a unit or without, from 1 byte (0 too when zeroAllowed) to `max`.
    std::optional<std::int64_t> readSize(const Entry& e, const Where& where, bool zeroAllowed = false,
                                         std::int64_t max = std::int64_t(1) << 40);
    std::optional<std::int64_t> readPrice(const Entry& e, const Where& where);

    void server(const Entry& e, ServerConfig& out);
    void listen(const Entry& e, const Where& where, ServerConfig& out);
    void providers(const Entry& e, std::vector<ProviderConfig>& out);
    bool provider(const YAML::Node& node, int index, ProviderConfig& out);
    void timeouts(const Entry& e, const Where& where, http::UpstreamTimeouts& out);
    void apiKey(const Entry& e, const Where& where, const QString& providerName, SecretRef& out);
    void models(const Entry& e, const Where& providerWhere, const QString& providerName, const QString& kind,
                std::vector<ModelConfig>& out);
    bool model(const YAML::Node& node, int index, const QString& providerName, const QString& kind,
               ModelConfig& out);
    void routes(const Entry& e, const std::vector<ProviderConfig>& providers, std::vector<RouteConfig>& out);
    bool route(const YAML::Node& node, int index, const std::vector<ProviderConfig>& providers,
               RouteConfig& out);
    std::optional<RouteTargetConfig> target(const YAML::Node& node, const Where& where,
                                            const std::vector<ProviderConfig>& providers);
    std::optional<bool> readBool(const Entry& e, const Where& where);
    std::optional<QStringList> readNames(const Entry& e, const Where& where);
    void guardrailsSection(const Entry& e, GatewayConfig& config);
    void policyOverride(const MapView& view, const Where& where, guardrails::PolicyOverride& out);
    // A route's or a key's `guardrails:`: a profile name, or a mapping that becomes the profile
    // `inlineName`. Returns the profile's name (empty when the entry is invalid).
    QString guardrailsChoice(const Entry& e, const Where& where, const QString& inlineName);
    // A profile's mapping (actions, injection_threshold, scan_responses) as the profile `name`.
    GuardrailsProfile profileFrom(const YAML::Node& node, const QString& name, const Where& where);
    void residencySection(const Entry& e, residency::ResidencyPolicy& out);
    void budgetSection(const Entry& e, budget::BudgetConfig& out);
    void rateLimits(const Entry& e, const Where& where, budget::RateLimitConfig& out);
    bool declaredKey(const YAML::Node& node, int index, budget::DeclaredKeyConfig& out);
    bool budgetRule(const YAML::Node& node, int index, budget::BudgetRuleConfig& out);
    bool exchangeRate(const YAML::Node& node, int index, budget::ExchangeRateConfig& out);
    template<typename T, typename F>
    void sequence(const Entry& e, const QString& what, std::vector<T>& out, F&& each);

    ConfigLoader::EnvLookup m_env;
    ConfigLoader::SecretLookup m_secrets;
    // Profiles written inline under routes and keys, and every use of a profile name, checked once
    // the whole document (and so guardrails.profiles) has been read.
    std::vector<GuardrailsProfile> m_inlineProfiles;
    std::vector<std::pair<QString, Pos>> m_profileUses;
    std::vector<ConfigIssue> m_issues;
    int m_errors = 0;
};

MapView Validator::checkMap(const YAML::Node& map, const QStringList& known, const Where& where)
{
    MapView view;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const YAML::Node keyNode = it->first;
        if (!keyNode.IsScalar()) {
            error(posOf(keyNode),
                  tr("Keys must be plain words, not %1 (%2)").arg(nodeKindName(keyNode), where.text));
            continue;
        }
        const QString key = scalarText(keyNode);
        if (const Entry* first = view.find(key)) {
            error(posOf(keyNode), tr("Duplicate key %1 %2 (first at line %3)")
                                      .arg(quoted(key), where.text)
                                      .arg(posOf(first->keyNode).line));
            continue;
        }
        if (!known.contains(key)) {
            error(posOf(keyNode),
                  tr("Unknown key %1 %2").arg(quoted(key), where.text) + didYouMean(key, known));
            continue;
        }
        view.entries.push_back(Entry{key, keyNode, it->second});
    }
    return view;
}

bool Validator::requireValue(const Entry& e, const Where& where)
{
    if (e.value.IsNull() || !e.value.IsDefined()) {
        error(posOf(e.keyNode), tr("Key %1 %2 has no value").arg(quoted(e.key), where.text));
        return false;
    }
    return true;
}

std::optional<QString> Validator::readString(const Entry& e, const Where& where)
{
    if (!requireValue(e, where))
        return std::nullopt;
    if (!e.value.IsScalar()) {
        error(posOf(e.value),
              tr("Key %1 %2 must be a string, not %3").arg(quoted(e.key), where.text, nodeKindName(e.value)));
        return std::nullopt;
    }
    const QString text = scalarText(e.value);
    if (text.trimmed().isEmpty()) {
        error(posOf(e.value), tr("Key %1 %2 must not be empty").arg(quoted(e.key), where.text));
        return std::nullopt;
    }
    return text;
}

// Parses an unsigned decimal integer without going through a double; false on any other text or
// when the value does not fit.
bool parseUnsigned(const QString& text, std::int64_t* out)
{
    if (text.isEmpty())
        return false;
    std::int64_t value = 0;
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
        const int digit = c.unicode() - '0';
        if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10)
            return false;
        value = value * 10 + digit;
    }
    *out = value;
    return true;
}

std::optional<std::int64_t> Validator::readInteger(const Entry& e, const Where& where, std::int64_t min,
                                                   std::int64_t max)
{
    if (!requireValue(e, where))
        return std::nullopt;
    if (!e.value.IsScalar()) {
        error(posOf(e.value), tr("Key %1 %2 must be a whole number, not %3")
                                  .arg(quoted(e.key), where.text, nodeKindName(e.value)));
        return std::nullopt;
    }
    QString text = scalarText(e.value).trimmed();
    if (text.startsWith(QLatin1Char('-'))) {
        error(posOf(e.value),
              tr("Key %1 %2 must not be negative (got %3)").arg(quoted(e.key), where.text, quoted(text)));
        return std::nullopt;
    }
    if (text.startsWith(QLatin1Char('+')))
        text.remove(0, 1);
    std::int64_t value = 0;
    if (!parseUnsigned(text, &value)) {
        error(posOf(e.value),
              tr("Key %1 %2 must be a whole number (got %3)").arg(quoted(e.key), where.text, quoted(text)));
        return std::nullopt;
    }
    if (value < min || value > max) {
        error(posOf(e.value), tr("Key %1 %2 must be between %3 and %4 (got %5)")
                                  .arg(quoted(e.key), where.text)
                                  .arg(min)
                                  .arg(max)
                                  .arg(value));
        return std::nullopt;
    }
    return value;
}

// A size in the largest binary unit that divides it: 1GiB, 512KiB, 100 bytes.
QString sizeText(std::int64_t bytes)
{
    static constexpr std::pair<std::int64_t, const char*> kUnits[] = {
        {std::int64_t(1) << 40, "TiB"}, {1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}};
    for (const auto& [unit, name] : kUnits) {
        if (bytes >= unit && bytes % unit == 0)
            return QString::number(bytes / unit) + QLatin1String(name);
    }
    return QStringLiteral("%1 bytes").arg(bytes);
}

std::optional<std::int64_t> Validator::readSize(const Entry& e, const Where& where, bool zeroAllowed,
                                                std::int64_t max)
{
    if (!requireValue(e, where))
        return std::nullopt;
    if (!e.value.IsScalar()) {
        error(posOf(e.value),
              tr("Key %1 %2 must be a size, not %3").arg(quoted(e.key), where.text, nodeKindName(e.value)));
        return std::nullopt;
    }
    static const QRegularExpression re(QStringLiteral("^\\+?([0-9]+)\\s*(B|KiB|MiB|GiB|KB|MB|GB)?$"));
    const QString text = scalarText(e.value).trimmed();
    if (text.startsWith(QLatin1Char('-'))) {
        error(posOf(e.value),
              tr("Key %1 %2 must not be negative (got %3)").arg(quoted(e.key), where.text, quoted(text)));
        return std::nullopt;
    }
    const QRegularExpressionMatch m = re.match(text);
    std::int64_t number = 0;
    if (!m.hasMatch() || !parseUnsigned(m.captured(1), &number)) {
        error(posOf(e.value),
              tr("Key %1 %2 must be a size in bytes such as 65536, 512KiB, 32MiB or 1GiB (got %3)")
                  .arg(quoted(e.key), where.text, quoted(text)));
        return std::nullopt;
    }
    static const QHash<QString, std::int64_t> units{
        {QString(), 1},
        {QStringLiteral("B"), 1},
        {QStringLiteral("KiB"), 1024},
        {QStringLiteral("MiB"), 1024 * 1024},
        {QStringLiteral("GiB"), 1024 * 1024 * 1024},
        {QStringLiteral("KB"), 1000},
        {QStringLiteral("MB"), 1000 * 1000},
        {QStringLiteral("GB"), 1000 * 1000 * 1000},
    };
    const std::int64_t unit = units.value(m.captured(2), 1);
    // Sizes above 1 TiB are certainly a typo; the bound also keeps the product from overflowing.
    // number <= max / unit keeps the product within max, without overflowing.
    if (number > max / unit || (number == 0 && !zeroAllowed)) {
        error(posOf(e.value),
              tr("Key %1 %2 must be between %3 and %4 (got %5)")
                  .arg(quoted(e.key), where.text, zeroAllowed ? QStringLiteral("0") : tr("1 byte"), sizeText(max),
                       quoted(text)));
        return std::nullopt;
    }
    return number * unit;
}

// "0.15" -> 150000. Exact: the text is read digit by digit, never through a double.
std::optional<std::int64_t> parsePriceMicros(const QString& text, QString* problem)
{
    static const QRegularExpression re(QStringLiteral("^\\+?([0-9]+)(?:\\.([0-9]+))?$"));
    if (text.startsWith(QLatin1Char('-'))) {
        *problem = tr("must not be negative");
        return std::nullopt;
    }
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch()) {
        *problem = tr("must be a decimal number such as 0.15 (no exponent, no currency sign)");
        return std::nullopt;
    }
    std::int64_t whole = 0;
    if (!parseUnsigned(m.captured(1), &whole) || whole > kMaxPriceMicros / 1'000'000) {
        *problem = tr("is too large");
        return std::nullopt;
    }
    QString fraction = m.captured(2);
    // Trailing zeros beyond the sixth decimal change nothing; other digits there cannot be stored.
    while (fraction.size() > kPriceDecimals && fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    if (fraction.size() > kPriceDecimals) {
        *problem = tr("has more than %1 decimals").arg(kPriceDecimals);
        return std::nullopt;
    }
    std::int64_t micros = 0;
    parseUnsigned(fraction.leftJustified(kPriceDecimals, QLatin1Char('0')), &micros);
    const std::int64_t total = whole * 1'000'000 + micros;
    if (total > kMaxPriceMicros) {
        *problem = tr("is too large");
        return std::nullopt;
    }
    return total;
}

std::optional<std::int64_t> Validator::readPrice(const Entry& e, const Where& where)
{
    if (!requireValue(e, where))
        return std::nullopt;
    if (!e.value.IsScalar()) {
        error(posOf(e.value), tr("Price %1 %2 must be a decimal number, not %3")
                                  .arg(quoted(e.key), where.text, nodeKindName(e.value)));
        return std::nullopt;
    }
    const QString text = scalarText(e.value).trimmed();
    QString problem;
    const std::optional<std::int64_t> micros = parsePriceMicros(text, &problem);
    if (!micros) {
        error(posOf(e.value),
              tr("Price %1 %2 %3 (got %4)").arg(quoted(e.key), where.text, problem, quoted(text)));
        return std::nullopt;
    }
    return micros;
}

void Validator::document(const YAML::Node& root, GatewayConfig& config)
{
    if (root.IsNull() || !root.IsDefined()) {
        error(Pos{1, 1}, tr("The config is empty; expected a mapping with 'providers' and 'routes'"));
        return;
    }
    if (!root.IsMap()) {
        error(posOf(root), tr("The config must be a mapping with 'server', 'providers' and 'routes', not %1")
                               .arg(nodeKindName(root)));
        return;
    }
    const Where where{tr("at the top level")};
    const MapView top = checkMap(root,
                                 {QStringLiteral("server"), QStringLiteral("providers"), QStringLiteral("routes"),
                                  QStringLiteral("guardrails"), QStringLiteral("residency"), QStringLiteral("budget")},
                                 where);
    if (const Entry* e = top.find("server"))
        server(*e, config.server);
    const Entry* providersEntry = top.find("providers");
    if (providersEntry)
        providers(*providersEntry, config.providers);
    if (!providersEntry || providersEntry->value.IsNull() ||
        (providersEntry->value.IsSequence() && providersEntry->value.size() == 0)) {
        warning(providersEntry ? posOf(providersEntry->keyNode) : posOf(root),
                tr("No providers are configured; every request will fail"));
    }
    if (const Entry* e = top.find("routes"))
        routes(*e, config.providers, config.routes);
    if (const Entry* e = top.find("guardrails"))
        guardrailsSection(*e, config);
    if (const Entry* e = top.find("residency"))
        residencySection(*e, config.residency);
    if (const Entry* e = top.find("budget"))
        budgetSection(*e, config.budget);
    for (GuardrailsProfile& p : m_inlineProfiles)
        config.guardrailProfiles.push_back(std::move(p));
    m_inlineProfiles.clear();
    QStringList declared;
    for (const GuardrailsProfile& p : config.guardrailProfiles) {
        if (!p.inlined())
            declared << p.name;
    }
    for (const auto& [name, pos] : m_profileUses) {
        if (!config.findGuardrailsProfile(name)) {
            error(pos, tr("Unknown guardrails profile %1: declare it under guardrails.profiles").arg(quoted(name)) +
                           didYouMean(name, declared));
        }
    }
}

std::optional<bool> Validator::readBool(const Entry& e, const Where& where)
{
    if (!requireValue(e, where))
        return std::nullopt;
    const QString text = e.value.IsScalar() ? scalarText(e.value).trimmed() : QString();
    if (text == QLatin1String("true") || text == QLatin1String("yes") || text == QLatin1String("on"))
        return true;
    if (text == QLatin1String("false") || text == QLatin1String("no") || text == QLatin1String("off"))
        return false;
    error(posOf(e.value), tr("Key %1 %2 must be true or false").arg(quoted(e.key), where.text));
    return std::nullopt;
}

// A list of plain names, written as a YAML sequence or a single name.
std::optional<QStringList> Validator::readNames(const Entry& e, const Where& where)
{
    QStringList names;
    if (e.value.IsNull())
        return names;
    if (e.value.IsScalar()) {
        names.append(scalarText(e.value).trimmed());
        return names;
    }
    if (!e.value.IsSequence()) {
        error(posOf(e.value), tr("Key %1 %2 must be a list of names, not %3")
                                  .arg(quoted(e.key), where.text, nodeKindName(e.value)));
        return std::nullopt;
    }
    for (const YAML::Node& item : e.value) {
        if (!item.IsScalar() || scalarText(item).trimmed().isEmpty()) {
            error(posOf(item), tr("Key %1 %2 must list plain names").arg(quoted(e.key), where.text));
            return std::nullopt;
        }
        names.append(scalarText(item).trimmed());
    }
    return names;
}

template<typename T, typename F>
void Validator::sequence(const Entry& e, const QString& what, std::vector<T>& out, F&& each)
{
    if (e.value.IsNull())
        return;
    if (!e.value.IsSequence()) {
        error(posOf(e.value), tr("Key %1 must be a list of %2, not %3").arg(quoted(e.key), what, nodeKindName(e.value)));
        return;
    }
    int index = 0;
    for (const YAML::Node& node : e.value) {
        T item;
        if (each(node, index++, item))
            out.push_back(std::move(item));
    }
}

void Validator::guardrailsSection(const Entry& e, GatewayConfig& config)
{
    if (e.value.IsNull())
        return;
    const Where where{tr("in guardrails")};
    if (!e.value.IsMap()) {
        error(posOf(e.value), tr("Key 'guardrails' must be a mapping, not %1").arg(nodeKindName(e.value)));
        return;
    }
    const MapView view =
        checkMap(e.value,
                 {QStringLiteral("actions"), QStringLiteral("injection_threshold"),
                  QStringLiteral("scan_responses"), QStringLiteral("scan_cache"), QStringLiteral("profiles")},
                 where);
    guardrails::PolicyOverride change;
    policyOverride(view, where, change);
    guardrails::applyOverride(config.guardrails, change);
    if (const Entry* x = view.find("scan_cache")) {
        if (auto v = readSize(*x, where, true, std::int64_t(1) << 30))
            config.scanCacheBytes = *v;
    }
    const Entry* profiles = view.find("profiles");
    if (!profiles || profiles->value.IsNull())
        return;
    if (!profiles->value.IsMap()) {
        error(posOf(profiles->value), tr("Key 'profiles' %1 must map profile names to actions, injection_threshold "
                                         "and scan_responses, not %2")
                                          .arg(where.text, nodeKindName(profiles->value)));
        return;
    }
    for (auto it = profiles->value.begin(); it != profiles->value.end(); ++it) {
        const QString name = it->first.IsScalar() ? scalarText(it->first) : QString();
        if (!guardrails::isProfileName(name.toStdString())) {
            error(posOf(it->first), tr("Bad guardrails profile name %1: use lowercase letters, digits, '-' and '_'")
                                        .arg(quoted(name)));
            continue;
        }
        if (config.findGuardrailsProfile(name)) {
            error(posOf(it->first), tr("Duplicate guardrails profile %1").arg(quoted(name)));
            continue;
        }
        const Where profileWhere{tr("in guardrails profile %1").arg(quoted(name))};
        if (!it->second.IsMap()) {
            error(posOf(it->second), tr("Guardrails profile %1 must be a mapping with actions, injection_threshold "
                                        "and/or scan_responses, not %2")
                                         .arg(quoted(name), nodeKindName(it->second)));
            continue;
        }
        config.guardrailProfiles.push_back(profileFrom(it->second, name, profileWhere));
    }
}

GuardrailsProfile Validator::profileFrom(const YAML::Node& node, const QString& name, const Where& where)
{
    GuardrailsProfile profile;
    profile.name = name;
    policyOverride(checkMap(node,
                            {QStringLiteral("actions"), QStringLiteral("injection_threshold"),
                             QStringLiteral("scan_responses")},
                            where),
                   where, profile.change);
    return profile;
}

void Validator::policyOverride(const MapView& view, const Where& where, guardrails::PolicyOverride& out)
{
    if (const Entry* x = view.find("actions")) {
        if (!x->value.IsMap()) {
            error(posOf(x->value), tr("Key 'actions' %1 must map detectors or categories (pii, secret, injection) "
                                      "to an action, not %2")
                                       .arg(where.text, nodeKindName(x->value)));
        } else {
            QStringList known{QStringLiteral("pii"), QStringLiteral("secret"), QStringLiteral("injection")};
            for (std::size_t i = 0; i < guardrails::kDetectorCount; ++i)
                known.append(QString::fromLatin1(guardrails::detectorName(guardrails::DetectorId(i)).data()));
            const Where actionsWhere{tr("in 'actions' %1").arg(where.text)};
            const MapView actions = checkMap(x->value, known, actionsWhere);
            // Categories first, so that a detector named in the same mapping overrides its category.
            for (int pass = 0; pass < 2; ++pass) {
                for (const Entry& a : actions.entries) {
                    const bool category = a.key == QLatin1String("pii") || a.key == QLatin1String("secret")
                                          || a.key == QLatin1String("injection");
                    if (category != (pass == 0))
                        continue;
                    const auto text = readString(a, actionsWhere);
                    if (!text)
                        continue;
                    const auto action = guardrails::actionFromName(text->toStdString());
                    if (!action) {
                        error(posOf(a.value), tr("Unknown action %1 for %2: use allow, log, redact, pseudonymize or block")
                                                  .arg(quoted(*text), quoted(a.key)));
                        continue;
                    }
                    if (category) {
                        out.setCategoryAction(a.key == QLatin1String("pii")      ? guardrails::DetectorCategory::Pii
                                              : a.key == QLatin1String("secret") ? guardrails::DetectorCategory::Secret
                                                                                 : guardrails::DetectorCategory::Injection,
                                              *action);
                    } else {
                        out.setAction(*guardrails::detectorFromName(a.key.toStdString()), *action);
                    }
                }
            }
        }
    }
    if (const Entry* x = view.find("injection_threshold")) {
        if (auto text = readString(*x, where)) {
            bool ok = false;
            const double v = text->toDouble(&ok);
            if (!ok || v < 0.0 || v > 1.0)
                error(posOf(x->value), tr("Key 'injection_threshold' %1 must be a number from 0 to 1 (got %2)")
                                           .arg(where.text, quoted(*text)));
            else
                out.injectionThreshold = float(v);
        }
    }
    if (const Entry* x = view.find("scan_responses")) {
        if (auto v = readBool(*x, where))
            out.scanResponses = *v;
    }
}

QString Validator::guardrailsChoice(const Entry& e, const Where& where, const QString& inlineName)
{
    if (!requireValue(e, where))
        return {};
    if (e.value.IsScalar()) {
        const QString name = scalarText(e.value).trimmed();
        m_profileUses.emplace_back(name, posOf(e.value));
        return name;
    }
    if (!e.value.IsMap()) {
        error(posOf(e.value), tr("Key 'guardrails' %1 must name a profile of guardrails.profiles or be a mapping "
                                 "with actions, injection_threshold and/or scan_responses, not %2")
                                  .arg(where.text, nodeKindName(e.value)));
        return {};
    }
    m_inlineProfiles.push_back(profileFrom(e.value, inlineName, Where{tr("in 'guardrails' %1").arg(where.text)}));
    return inlineName;
}

void Validator::rateLimits(const Entry& e, const Where& where, budget::RateLimitConfig& out)
{
    if (e.value.IsNull())
        return;
    if (!e.value.IsMap()) {
        error(posOf(e.value), tr("Key 'limits' %1 must be a mapping with requests_per_minute and/or "
                                 "tokens_per_minute, not %2")
                                  .arg(where.text, nodeKindName(e.value)));
        return;
    }
    const MapView view =
        checkMap(e.value, {QStringLiteral("requests_per_minute"), QStringLiteral("tokens_per_minute")}, where);
    if (const Entry* x = view.find("requests_per_minute")) {
        if (auto v = readInteger(*x, where, 0, 100'000'000))
            out.requestsPerMinute = *v;
    }
    if (const Entry* x = view.find("tokens_per_minute")) {
        if (auto v = readInteger(*x, where, 0, std::int64_t(1) << 40))
            out.tokensPerMinute = *v;
    }
}

namespace {
bool isSha256Hex(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{64}$"));
    return re.match(text).hasMatch();
}
bool isCurrencyCode(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^[A-Z]{3}$"));
    return re.match(text).hasMatch();
}
} // namespace

bool Validator::declaredKey(const YAML::Node& node, int index, budget::DeclaredKeyConfig& out)
{
    const Where where{tr("in budget key #%1").arg(index + 1)};
    if (!node.IsMap()) {
        error(posOf(node), tr("Budget key #%1 must be a mapping with id, team and env or sha256").arg(index + 1));
        return false;
    }
    const MapView view = checkMap(node,
                                  {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("team"),
                                   QStringLiteral("project"), QStringLiteral("scopes"), QStringLiteral("env"),
                                   QStringLiteral("sha256"), QStringLiteral("expires"), QStringLiteral("limits"),
                                   QStringLiteral("region"), QStringLiteral("guardrails")},
                                  where);
    const int errorsBefore = m_errors;
    for (const char* required : {"id", "team"}) {
        if (!view.find(required))
            error(posOf(node), tr("Budget key #%1 has no %2").arg(index + 1).arg(QLatin1String(required)));
    }
    if (const Entry* x = view.find("id")) {
        if (auto v = readString(*x, where))
            out.id = *v;
    }
    const Where named{out.id.isEmpty() ? where.text : tr("in budget key %1").arg(quoted(out.id))};
    const std::pair<const char*, QString*> strings[] = {
        {"name", &out.name}, {"team", &out.team}, {"project", &out.project}, {"env", &out.envName}};
    for (const auto& [key, field] : strings) {
        if (const Entry* x = view.find(key)) {
            if (auto v = readString(*x, named))
                *field = *v;
        }
    }
    if (const Entry* x = view.find("sha256")) {
        if (auto v = readString(*x, named)) {
            if (!isSha256Hex(v->toLower()))
                error(posOf(x->value), tr("Key 'sha256' %1 must be 64 hex digits (printf %s \"$KEY\" | sha256sum)")
                                           .arg(named.text));
            else
                out.sha256Hex = v->toLower().toLatin1();
        }
    }
    if (out.envName.isEmpty() == out.sha256Hex.isEmpty() && m_errors == errorsBefore)
        error(posOf(node), tr("Budget key %1 needs exactly one of env (a variable holding the key) or sha256 (its hash)")
                               .arg(quoted(out.id)));
    if (const Entry* x = view.find("scopes")) {
        if (auto v = readNames(*x, named))
            out.scopes = *v;
    }
    if (const Entry* x = view.find("region")) {
        if (auto v = readString(*x, named)) {
            if (!regionPattern().match(*v).hasMatch())
                error(posOf(x->value), tr("Bad region %1 %2 (lowercase letters, digits and '-')").arg(quoted(*v), named.text));
            else
                out.region = *v;
        }
    }
    if (const Entry* x = view.find("expires")) {
        if (auto v = readString(*x, named)) {
            if (!budget::parseTimestamp(*v, &out.expiresAtMs))
                error(posOf(x->value), tr("Key 'expires' %1 must be a date such as 2027-01-31 or an ISO 8601 time (got %2)")
                                           .arg(named.text, quoted(*v)));
        }
    }
    if (const Entry* x = view.find("limits"))
        rateLimits(*x, named, out.limits);
    if (const Entry* x = view.find("guardrails"))
        out.guardrails = guardrailsChoice(*x, named, QStringLiteral("key/") + out.id);
    return m_errors == errorsBefore;
}

bool Validator::budgetRule(const YAML::Node& node, int index, budget::BudgetRuleConfig& out)
{
    const Where where{tr("in budget #%1").arg(index + 1)};
    if (!node.IsMap()) {
        error(posOf(node), tr("Budget #%1 must be a mapping with id, scope, subject, period, cap and currency").arg(index + 1));
        return false;
    }
    const MapView view = checkMap(node,
                                  {QStringLiteral("id"), QStringLiteral("scope"), QStringLiteral("subject"),
                                   QStringLiteral("period"), QStringLiteral("time_zone"), QStringLiteral("start"),
                                   QStringLiteral("end"), QStringLiteral("cap"), QStringLiteral("currency"),
                                   QStringLiteral("soft")},
                                  where);
    const int errorsBefore = m_errors;
    for (const char* required : {"id", "scope", "subject", "cap", "currency"}) {
        if (!view.find(required))
            error(posOf(node), tr("Budget #%1 has no %2").arg(index + 1).arg(QLatin1String(required)));
    }
    if (const Entry* x = view.find("id")) {
        if (auto v = readString(*x, where))
            out.id = *v;
    }
    const Where named{out.id.isEmpty() ? where.text : tr("in budget %1").arg(quoted(out.id))};
    if (const Entry* x = view.find("scope")) {
        if (auto v = readString(*x, named); v && !budget::parseScope(*v, &out.scope))
            error(posOf(x->value), tr("Key 'scope' %1 must be key, project or team (got %2)").arg(named.text, quoted(*v)));
    }
    if (const Entry* x = view.find("subject")) {
        if (auto v = readString(*x, named))
            out.subject = *v;
    }
    if (const Entry* x = view.find("period")) {
        if (auto v = readString(*x, named); v && !budget::parsePeriod(*v, &out.period))
            error(posOf(x->value), tr("Key 'period' %1 must be day, month or custom (got %2)").arg(named.text, quoted(*v)));
    }
    if (const Entry* x = view.find("time_zone")) {
        if (auto v = readString(*x, named)) {
            if (!QTimeZone(v->toUtf8()).isValid())
                error(posOf(x->value), tr("Key 'time_zone' %1 must be an IANA time zone such as Europe/Berlin (got %2)")
                                           .arg(named.text, quoted(*v)));
            else
                out.timeZone = *v;
        }
    }
    const std::pair<const char*, std::int64_t*> times[] = {{"start", &out.customStartMs}, {"end", &out.customEndMs}};
    for (const auto& [key, field] : times) {
        if (const Entry* x = view.find(key)) {
            if (auto v = readString(*x, named); v && !budget::parseTimestamp(*v, field))
                error(posOf(x->value), tr("Key %1 %2 must be a date such as 2026-12-01 (got %3)")
                                           .arg(quoted(x->key), named.text, quoted(*v)));
        }
    }
    if (out.period == budget::BudgetPeriod::Custom && (out.customEndMs <= out.customStartMs) && m_errors == errorsBefore)
        error(posOf(node), tr("Budget %1 has period custom: it needs a start and an end after it").arg(quoted(out.id)));
    if (const Entry* x = view.find("currency")) {
        if (auto v = readString(*x, named)) {
            if (!isCurrencyCode(*v))
                error(posOf(x->value), tr("Bad currency %1 %2: use an ISO 4217 code such as EUR").arg(quoted(*v), named.text));
            else
                out.cap.currency = Money::currencyFrom(*v);
        }
    }
    if (const Entry* x = view.find("cap")) {
        if (auto v = readPrice(*x, named))
            out.cap.micros = *v;
    }
    if (const Entry* x = view.find("soft")) {
        if (auto v = readPrice(*x, named))
            out.softMicros = *v;
    }
    return m_errors == errorsBefore;
}

bool Validator::exchangeRate(const YAML::Node& node, int index, budget::ExchangeRateConfig& out)
{
    const Where where{tr("in budget rate #%1").arg(index + 1)};
    if (!node.IsMap()) {
        error(posOf(node), tr("Rate #%1 must be a mapping with date, from, to and rate").arg(index + 1));
        return false;
    }
    const MapView view = checkMap(
        node, {QStringLiteral("date"), QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("rate")}, where);
    const int errorsBefore = m_errors;
    for (const char* required : {"date", "from", "to", "rate"}) {
        if (!view.find(required))
            error(posOf(node), tr("Rate #%1 has no %2").arg(index + 1).arg(QLatin1String(required)));
    }
    if (const Entry* x = view.find("date")) {
        if (auto v = readString(*x, where)) {
            out.date = QDate::fromString(*v, Qt::ISODate);
            if (!out.date.isValid())
                error(posOf(x->value), tr("Key 'date' %1 must be a date such as 2026-11-01").arg(where.text));
        }
    }
    const std::pair<const char*, QString*> codes[] = {{"from", &out.from}, {"to", &out.to}};
    for (const auto& [key, field] : codes) {
        if (const Entry* x = view.find(key)) {
            if (auto v = readString(*x, where)) {
                if (!isCurrencyCode(*v))
                    error(posOf(x->value), tr("Bad currency %1 %2").arg(quoted(*v), where.text));
                *field = *v;
            }
        }
    }
    if (const Entry* x = view.find("rate")) {
        if (auto v = readString(*x, where)) {
            std::int64_t micros = 0;
            if (!budget::parseAmountMicros(*v, &micros) || micros <= 0)
                error(posOf(x->value), tr("Key 'rate' %1 must be a positive decimal such as 0.9234").arg(where.text));
            out.rate = *v;
        }
    }
    return m_errors == errorsBefore;
}

void Validator::budgetSection(const Entry& e, budget::BudgetConfig& out)
{
    if (e.value.IsNull())
        return;
    const Where where{tr("in budget")};
    if (!e.value.IsMap()) {
        error(posOf(e.value), tr("Key 'budget' must be a mapping, not %1").arg(nodeKindName(e.value)));
        return;
    }
    const MapView view = checkMap(e.value,
                                  {QStringLiteral("display_currency"), QStringLiteral("default_max_output_tokens"),
                                   QStringLiteral("admin_key"), QStringLiteral("rates"), QStringLiteral("rates_file"),
                                   QStringLiteral("teams"), QStringLiteral("keys"), QStringLiteral("budgets")},
                                  where);
    if (const Entry* x = view.find("display_currency")) {
        if (auto v = readString(*x, where)) {
            if (!isCurrencyCode(*v))
                error(posOf(x->value), tr("Bad currency %1 %2: use an ISO 4217 code such as EUR").arg(quoted(*v), where.text));
            else
                out.displayCurrency = *v;
        }
    }
    if (const Entry* x = view.find("default_max_output_tokens")) {
        if (auto v = readInteger(*x, where, 1, 10'000'000))
            out.defaultMaxOutputTokens = *v;
    }
    if (const Entry* x = view.find("admin_key")) {
        if (auto v = readString(*x, where)) {
            if (v->startsWith(QLatin1String("env:")) && envNamePattern().match(v->mid(4)).hasMatch())
                out.adminKeyEnv = v->mid(4);
            else if (v->startsWith(QLatin1String("sha256:")) && isSha256Hex(v->mid(7).toLower()))
                out.adminKeySha256Hex = v->mid(7).toLower().toLatin1();
            else
                error(posOf(x->value), tr("Key 'admin_key' %1 must be env:NAME or sha256:HEX; the admin key itself never "
                                          "goes into the file")
                                           .arg(where.text));
        }
    }
    if (const Entry* x = view.find("rates_file")) {
        if (auto v = readString(*x, where))
            out.ratesFile = *v;
    }
    if (const Entry* x = view.find("rates"))
        sequence(*x, tr("rates"), out.rates, [&](const YAML::Node& n, int i, budget::ExchangeRateConfig& r) {
            return exchangeRate(n, i, r);
        });
    if (const Entry* x = view.find("teams"))
        sequence(*x, tr("teams"), out.teams, [&](const YAML::Node& n, int i, budget::TeamConfig& team) {
            const Where w{tr("in budget team #%1").arg(i + 1)};
            if (!n.IsMap()) {
                error(posOf(n), tr("Team #%1 must be a mapping with a name").arg(i + 1));
                return false;
            }
            const MapView tv = checkMap(n, {QStringLiteral("name"), QStringLiteral("limits")}, w);
            const Entry* name = tv.find("name");
            if (!name) {
                error(posOf(n), tr("Team #%1 has no name").arg(i + 1));
                return false;
            }
            if (auto v = readString(*name, w))
                team.name = *v;
            if (const Entry* l = tv.find("limits"))
                rateLimits(*l, w, team.limits);
            return !team.name.isEmpty();
        });
    if (const Entry* x = view.find("keys"))
        sequence(*x, tr("keys"), out.keys,
                 [&](const YAML::Node& n, int i, budget::DeclaredKeyConfig& k) { return declaredKey(n, i, k); });
    if (const Entry* x = view.find("budgets"))
        sequence(*x, tr("budgets"), out.budgets,
                 [&](const YAML::Node& n, int i, budget::BudgetRuleConfig& b) { return budgetRule(n, i, b); });
    QStringList seen;
    for (const budget::DeclaredKeyConfig& k : out.keys) {
        if (seen.contains(k.id))
            error(posOf(e.keyNode), tr("Two budget keys have the id %1").arg(quoted(k.id)));
        seen.append(k.id);
    }
}

void Validator::residencySection(const Entry& e, residency::ResidencyPolicy& out)
{
    if (e.value.IsNull())
        return;
    const Where where{tr("in residency")};
    if (!e.value.IsMap()) {
        error(posOf(e.value), tr("Key 'residency' must be a mapping, not %1").arg(nodeKindName(e.value)));
        return;
    }
    const MapView view = checkMap(e.value,
                                  {QStringLiteral("version"), QStringLiteral("classes"), QStringLiteral("regimes"),
                                   QStringLiteral("regions")},
                                  where);
    residency::ResidencyConfig config;
    if (const Entry* x = view.find("version")) {
        if (auto v = readString(*x, where))
            config.version = *v;
    }
    const auto mapOf = [&](const char* key, const QString& meaning, auto&& each) {
        const Entry* x = view.find(key);
        if (!x || x->value.IsNull())
            return;
        if (!x->value.IsMap()) {
            error(posOf(x->value), tr("Key %1 %2 must be a mapping of %3, not %4")
                                       .arg(quoted(x->key), where.text, meaning, nodeKindName(x->value)));
            return;
        }
        for (auto it = x->value.begin(); it != x->value.end(); ++it) {
            const Entry item{scalarText(it->first), it->first, it->second};
            each(item);
        }
    };
    const Where inClasses{tr("in residency.classes")};
    mapOf("classes", tr("detector to data class"), [&](const Entry& item) {
        if (!guardrails::detectorFromName(item.key.toStdString())) {
            error(posOf(item.keyNode), tr("Unknown detector %1 in residency.classes").arg(quoted(item.key)));
            return;
        }
        if (auto v = readString(item, inClasses))
            config.classes.push_back({item.key, *v == QLatin1String("none") ? QString() : *v});
    });
    const Where inRegimes{tr("in residency.regimes")};
    mapOf("regimes", tr("data class to regimes"), [&](const Entry& item) {
        if (auto v = readNames(item, inRegimes))
            config.regimes.push_back({item.key, *v});
    });
    const Where inRegions{tr("in residency.regions")};
    mapOf("regions", tr("regime to allowed regions"), [&](const Entry& item) {
        if (auto v = readNames(item, inRegions)) {
            for (const QString& region : *v) {
                if (!regionPattern().match(region).hasMatch())
                    error(posOf(item.value), tr("Bad region %1 %2").arg(quoted(region), inRegions.text));
            }
            config.regions.push_back({item.key, *v});
        }
    });
    QString problem;
    auto compiled = residency::ResidencyPolicy::compile(config, &problem);
    if (!compiled)
        error(posOf(e.keyNode), tr("Residency policy %1: %2").arg(where.text, problem));
    else
        out = std::move(*compiled);
}

void Validator::server(const Entry& e, ServerConfig& out)
{
    if (e.value.IsNull())
        return; // "server:" with nothing under it keeps every default
    const Where where{tr("in server")};
    if (!e.value.IsMap()) {
        error(posOf(e.value), tr("Key 'server' must be a mapping, not %1").arg(nodeKindName(e.value)));
        return;
    }
    const MapView view = checkMap(e.value,
                                  {QStringLiteral("listen"), QStringLiteral("max_body_bytes"),
                                   QStringLiteral("max_header_bytes"), QStringLiteral("header_timeout_ms"),
                                   QStringLiteral("body_timeout_ms"), QStringLiteral("idle_timeout_ms"),
                                   QStringLiteral("max_connections"), QStringLiteral("workers"),
                                   QStringLiteral("busy_poll_us"), QStringLiteral("drain_timeout_ms"),
                                   QStringLiteral("request_log_retention_days"),
                                   QStringLiteral("allowed_origins"), QStringLiteral("allowed_hosts")},
                                  where);
    if (const Entry* x = view.find("listen"))
        listen(*x, where, out);
    if (const Entry* x = view.find("max_body_bytes")) {
        if (auto v = readSize(*x, where))
            out.limits.maxBodyBytes = *v;
    }
    if (const Entry* x = view.find("max_header_bytes")) {
        if (auto v = readSize(*x, where))
            out.limits.maxHeaderBytes = *v;
    }
    const std::pair<const char*, int*> timeouts[] = {
        {"header_timeout_ms", &out.limits.headerTimeoutMs},
        {"body_timeout_ms", &out.limits.bodyTimeoutMs},
        {"idle_timeout_ms", &out.limits.idleTimeoutMs},
    };
    for (const auto& [key, field] : timeouts) {
        if (const Entry* x = view.find(key)) {
            if (auto v = readInteger(*x, where, 1, INT_MAX))
                *field = int(*v);
        }
    }
    if (const Entry* x = view.find("max_connections")) {
        if (auto v = readInteger(*x, where, 1, 1'000'000))
            out.limits.maxConnections = int(*v);
    }
    if (const Entry* x = view.find("workers")) {
        if (auto v = readInteger(*x, where, 0, 64))
            out.workers = int(*v);
    }
    if (const Entry* x = view.find("busy_poll_us")) {
        if (auto v = readInteger(*x, where, 0, 1000))
            out.busyPollUs = int(*v);
    }
    if (const Entry* x = view.find("drain_timeout_ms")) {
        if (auto v = readInteger(*x, where, 0, 3'600'000))
            out.drainTimeoutMs = int(*v);
    }
    if (const Entry* x = view.find("request_log_retention_days")) {
        if (auto v = readInteger(*x, where, 0, 36'500))
            out.requestLogRetentionDays = int(*v);
    }
    // A list of names of one form each, kept in lower case; each one of another form is an error.
    const auto readForms = [&](const char* key, const QRegularExpression& form, const QString& problem,
                               QStringList& list) {
        const Entry* x = view.find(key);
        if (!x)
            return;
        const std::optional<QStringList> names = readNames(*x, where);
        for (const QString& name : names.value_or(QStringList())) {
            if (form.match(name).hasMatch())
                list << name.toLower();
            else
                error(posOf(x->value), problem.arg(name, where.text));
        }
    };
    // scheme://host[:port] as browsers send it (desktop shells use their own schemes: app://,
    // tauri://, vscode-webview://), "null" (file:// pages, sandboxed frames), or "*".
    static const QRegularExpression originForm(
        QStringLiteral(R"(^(\*|null|[A-Za-z][A-Za-z0-9+.-]*://[^/\s?#]+)$)"));
    static const QRegularExpression hostForm(
        QStringLiteral(R"(^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?$)"));
    readForms("allowed_origins", originForm,
              tr("Origin '%1' %2 must be scheme://host[:port] (e.g. https://app.example.com), null or *"),
              out.allowedOrigins);
    readForms("allowed_hosts", hostForm, tr("Host '%1' %2 must be a name or address, optionally with :port"),
              out.allowedHosts);
}

void Validator::listen(const Entry& e, const Where& where, ServerConfig& out)
{
    if (e.value.IsSequence()) {
        // `listen: [::1]:4000` unquoted is read by YAML as a list.
        error(posOf(e.value),
              tr("Key 'listen' %1 must be HOST:PORT; quote IPv6 addresses: \"[::1]:4000\"").arg(where.text));
        return;
    }
    const std::optional<QString> text = readString(e, where);
    if (!text)
        return;
    const QString value = text->trimmed();
    QString host;
    QString port;
    bool shapeOk = false;
    if (value.startsWith(QLatin1Char('['))) {
        const qsizetype close = value.indexOf(QLatin1String("]:"));
        if (close > 1) {
            host = value.mid(1, close - 1);
            port = value.mid(close + 2);
            shapeOk = host.contains(QLatin1Char(':'));
        }
    } else {
        const qsizetype colon = value.lastIndexOf(QLatin1Char(':'));
        if (colon > 0) {
            host = value.left(colon);
            port = value.mid(colon + 1);
            shapeOk = !host.contains(QLatin1Char(':'));
            if (!shapeOk) {
                error(posOf(e.value),
                      tr("Bad listen address %1 %2: put IPv6 addresses in brackets, e.g. [::1]:4000")
                          .arg(quoted(value), where.text));
                return;
            }
        }
    }
    if (!shapeOk) {
        error(posOf(e.value),
              tr("Bad listen address %1 %2: expected HOST:PORT such as 127.0.0.1:4000 or [::1]:4000")
                  .arg(quoted(value), where.text));
        return;
    }
    bool hostOk = false;
    if (host == QLatin1String("localhost")) {
        host = QStringLiteral("127.0.0.1");
        hostOk = true;
    } else {
        // Dotted quads only: QHostAddress also takes shorthands such as "127.1", which hide typos.
        static const QRegularExpression ipv4(QStringLiteral("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$"));
        QHostAddress address;
        hostOk = address.setAddress(host) &&
                 (host.contains(QLatin1Char(':')) ? address.protocol() == QAbstractSocket::IPv6Protocol
                                                  : ipv4.match(host).hasMatch());
    }
    if (!hostOk) {
        error(posOf(e.value), tr("Bad listen address %1 %2: %3 is not an IP address (or localhost)")
                                  .arg(quoted(value), where.text, quoted(host)));
        return;
    }
    std::int64_t portNumber = 0;
    if (!parseUnsigned(port, &portNumber) || portNumber > 65535) {
        error(posOf(e.value),
              tr("Bad listen port %1 %2: must be a number from 0 to 65535 (0 picks a free port)")
                  .arg(quoted(port), where.text));
        return;
    }
    out.listenHost = host;
    out.listenPort = quint16(portNumber);
}

void Validator::providers(const Entry& e, std::vector<ProviderConfig>& out)
{
    if (e.value.IsNull())
        return;
    if (!e.value.IsSequence()) {
        error(posOf(e.value),
              tr("Key 'providers' must be a list of providers, not %1").arg(nodeKindName(e.value)));
        return;
    }
    std::vector<std::pair<QString, Pos>> seen;
    int index = 0;
    for (const YAML::Node& item : e.value) {
        ++index;
        ProviderConfig p;
        const bool ok = provider(item, index, p);
        if (!p.name.isEmpty()) {
            const auto dup =
                std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == p.name; });
            if (dup != seen.end()) {
                error(posOf(item), tr("Duplicate provider name %1 (first defined at line %2)")
                                       .arg(quoted(p.name))
                                       .arg(dup->second.line));
                continue;
            }
            seen.emplace_back(p.name, posOf(item));
        }
        // Providers with errors are still kept (by name) so that routes naming them are not
        // reported a second time as "unknown provider"; the config is refused anyway.
        if (ok || !p.name.isEmpty())
            out.push_back(std::move(p));
    }
}

bool Validator::provider(const YAML::Node& node, int index, ProviderConfig& out)
{
    if (!node.IsMap()) {
        error(posOf(node),
              tr("Provider #%1 must be a mapping with name, kind, base_url, region and models, not %2")
                  .arg(index)
                  .arg(nodeKindName(node)));
        return false;
    }
    const int errorsBefore = m_errors;
    // The name comes first so that every other message can say which provider it is about.
    Where where{tr("in provider #%1").arg(index)};
    QString label = tr("Provider #%1").arg(index);
    const YAML::Node nameNode = node["name"];
    if (nameNode.IsDefined() && nameNode.IsScalar()) {
        const QString name = scalarText(nameNode);
        if (!name.isEmpty()) {
            where.text = tr("in provider %1").arg(quoted(name));
            label = tr("Provider %1").arg(quoted(name));
        }
    }
    static const QStringList known{QStringLiteral("name"),     QStringLiteral("kind"),
                                   QStringLiteral("base_url"), QStringLiteral("region"),
                                   QStringLiteral("api_key"),  QStringLiteral("timeouts"),
                                   QStringLiteral("models"),   QStringLiteral("ca_file"),
                                   QStringLiteral("api_version")};
    const MapView view = checkMap(node, known, where);
    for (const char* required : {"name", "kind", "base_url", "region", "models"}) {
        if (!view.find(required)) {
            // A present but misspelled key was already reported as unknown; still say what is missing.
            error(posOf(node),
                  tr("%1 is missing required key %2").arg(label, quoted(QLatin1String(required))));
        }
    }
    if (const Entry* e = view.find("name")) {
        if (auto name = readString(*e, where)) {
            if (!providerNamePattern().match(*name).hasMatch()) {
                error(posOf(e->value), tr("Bad provider name %1: use lowercase letters, digits, '-' and '_', "
                                          "starting with a letter or digit")
                                           .arg(quoted(*name)));
            } else {
                out.name = *name;
            }
        }
    }
    if (const Entry* e = view.find("kind")) {
        if (auto kind = readString(*e, where)) {
            if (!validKinds().contains(*kind)) {
                error(posOf(e->value),
                      tr("Unknown kind %1 %2; valid kinds: %3")
                              .arg(quoted(*kind), where.text, validKinds().join(QLatin1String(", "))) +
                          didYouMean(*kind, validKinds()));
            } else {
                out.kind = *kind;
            }
        }
    }
    if (const Entry* e = view.find("base_url")) {
        if (auto text = readString(*e, where)) {
            const QUrl url(text->trimmed(), QUrl::StrictMode);
            const QString scheme = url.scheme().toLower();
            if (!url.userInfo().isEmpty() || text->contains(QLatin1Char('@'))) {
                // The URL is not repeated: whatever sits before '@' may be a credential.
                error(
                    posOf(e->value),
                    tr("Bad base_url %1: credentials do not belong in the URL; use api_key").arg(where.text));
            } else if (!url.isValid() ||
                       (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
                       url.host().isEmpty()) {
                error(posOf(e->value), tr("Bad base_url %1 %2: expected an http:// or https:// URL such as "
                                          "https://api.openai.com/v1")
                                           .arg(quoted(*text), where.text));
            } else if (url.hasQuery() || url.hasFragment()) {
                error(posOf(e->value), tr("Bad base_url %1 %2: must not have a query or fragment")
                                           .arg(quoted(*text), where.text));
            } else {
                QString normalized = url.toString(QUrl::FullyEncoded);
                // Paths such as "/chat/completions" are appended, so no trailing slash is kept.
                while (normalized.endsWith(QLatin1Char('/')))
                    normalized.chop(1);
                out.baseUrl = normalized;
            }
        }
    }
    if (const Entry* e = view.find("region")) {
        if (auto region = readString(*e, where)) {
            if (!regionPattern().match(*region).hasMatch()) {
                error(posOf(e->value),
                      tr("Bad region %1 %2: use lowercase letters, digits and '-', e.g. eu, us, "
                         "in, local")
                          .arg(quoted(*region), where.text));
            } else {
                out.region = *region;
            }
        }
    }
    if (const Entry* e = view.find("api_key"))
        apiKey(*e, where, out.name, out.apiKey);
    if (const Entry* e = view.find("timeouts"))
        timeouts(*e, where, out.timeouts);
    if (const Entry* e = view.find("ca_file")) {
        if (auto path = readString(*e, where)) {
            if (!QFileInfo(*path).isFile() || !QFileInfo(*path).isReadable())
                error(posOf(e->value), tr("ca_file %1 %2 is not a readable file").arg(quoted(*path), where.text));
            else
                out.caFile = QFileInfo(*path).absoluteFilePath();
        }
    }
    if (const Entry* e = view.find("api_version")) {
        if (auto version = readString(*e, where)) {
            if (!apiVersionPattern().match(*version).hasMatch()) {
                error(posOf(e->value), tr("Bad api_version %1 %2: use letters, digits, '.' and '-', e.g. 2024-10-21")
                                           .arg(quoted(*version), where.text));
            } else {
                out.apiVersion = *version;
                if (!out.kind.isEmpty() && out.kind != QLatin1String("azure-openai"))
                    warning(posOf(e->keyNode), tr("Key 'api_version' %1 is only used by kind azure-openai; "
                                                  "kind %2 ignores it")
                                                   .arg(where.text, out.kind));
            }
        }
    }
    if (const Entry* e = view.find("models"))
        models(*e, where, out.name, out.kind, out.models);
    return m_errors == errorsBefore;
}

void Validator::apiKey(const Entry& e, const Where& where, const QString& providerName, SecretRef& out)
{
    if (e.value.IsNull())
        return; // same as omitting it: no authentication
    if (!e.value.IsScalar()) {
        // The value is never echoed: it may be the secret itself.
        error(posOf(e.value), tr("Key 'api_key' %1 must be a string (env:NAME, secret:NAME or a literal key), not %2")
                                  .arg(where.text, nodeKindName(e.value)));
        return;
    }
    const QString text = scalarText(e.value);
    if (text.isEmpty()) {
        error(posOf(e.value),
              tr("Key 'api_key' %1 is empty; omit it for a server without authentication").arg(where.text));
        return;
    }
    if (text.startsWith(QLatin1String("env:"))) {
        const QString name = text.mid(4);
        if (!envNamePattern().match(name).hasMatch()) {
            error(posOf(e.value),
                  tr("Bad api_key %1: %2 is not an environment variable name").arg(where.text, quoted(name)));
            return;
        }
        out.source = SecretRef::Source::Env;
        out.envName = name;
        out.value = m_env(name);
        if (out.value.isEmpty()) {
            const QString who =
                providerName.isEmpty() ? where.text : tr("for provider %1").arg(quoted(providerName));
            warning(posOf(e.value),
                    tr("Environment variable %1 %2 is not set; requests to this provider will fail "
                       "until it is")
                        .arg(name, who));
        }
        return;
    }
    if (text.startsWith(QLatin1String("secret:"))) {
        const QString name = text.mid(7);
        if (!secretNamePattern().match(name).hasMatch()) {
            error(posOf(e.value), tr("Bad api_key %1: %2 is not a secret name (letters, digits, '.', '_' and '-', "
                                     "starting with a letter or digit)")
                                      .arg(where.text, quoted(name.left(64))));
            return;
        }
        out.source = SecretRef::Source::Secret;
        out.secretName = name;
        const QString who =
            providerName.isEmpty() ? where.text : tr("for provider %1").arg(quoted(providerName));
        if (!m_secrets) {
            warning(posOf(e.value), tr("Secret %1 %2 cannot be read here (no secret store); requests to this "
                                       "provider will fail")
                                        .arg(name, who));
            return;
        }
        Result<QByteArray> secret = m_secrets(name);
        if (!secret) {
            warning(posOf(e.value), tr("Secret %1 %2 is not available (%3); requests to this provider will fail "
                                       "until it is")
                                        .arg(name, who, secret.error().message));
            return;
        }
        out.value = std::move(*secret);
        return;
    }
    out.source = SecretRef::Source::Literal;
    out.value = text.toUtf8();
}

void Validator::timeouts(const Entry& e, const Where& providerWhere, http::UpstreamTimeouts& out)
{
    if (e.value.IsNull())
        return;
    const Where where{tr("in the timeouts %1").arg(providerWhere.text)};
    if (!e.value.IsMap()) {
        error(
            posOf(e.value),
            tr("Key 'timeouts' %1 must be a mapping, not %2").arg(providerWhere.text, nodeKindName(e.value)));
        return;
    }
    const MapView view = checkMap(e.value,
                                  {QStringLiteral("connect_ms"), QStringLiteral("first_byte_ms"),
                                   QStringLiteral("idle_ms"), QStringLiteral("total_ms")},
                                  where);
    const std::pair<const char*, int*> fields[] = {
        {"connect_ms", &out.connectMs},
        {"first_byte_ms", &out.firstByteMs},
        {"idle_ms", &out.idleMs},
        {"total_ms", &out.totalMs},
    };
    for (const auto& [key, field] : fields) {
        if (const Entry* x = view.find(key)) {
            if (auto v = readInteger(*x, where, 1, INT_MAX))
                *field = int(*v);
        }
    }
}

void Validator::models(const Entry& e, const Where& providerWhere, const QString& providerName,
                       const QString& kind, std::vector<ModelConfig>& out)
{
    if (!requireValue(e, providerWhere))
        return;
    if (!e.value.IsSequence()) {
        error(posOf(e.value), tr("Key 'models' %1 must be a list of models, not %2")
                                  .arg(providerWhere.text, nodeKindName(e.value)));
        return;
    }
    if (e.value.size() == 0) {
        error(posOf(e.value), tr("Key 'models' %1 must declare at least one model").arg(providerWhere.text));
        return;
    }
    std::vector<std::pair<QString, Pos>> seen;
    int index = 0;
    for (const YAML::Node& item : e.value) {
        ++index;
        ModelConfig m;
        model(item, index, providerName, kind, m);
        if (m.name.isEmpty())
            continue;
        const auto dup =
            std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == m.name; });
        if (dup != seen.end()) {
            error(posOf(item), tr("Duplicate model %1 %2 (first declared at line %3)")
                                   .arg(quoted(m.name), providerWhere.text)
                                   .arg(dup->second.line));
            continue;
        }
        seen.emplace_back(m.name, posOf(item));
        out.push_back(std::move(m));
    }
}

bool Validator::model(const YAML::Node& node, int index, const QString& providerName, const QString& kind,
                      ModelConfig& out)
{
    const QString owner =
        providerName.isEmpty() ? QString() : tr(" of provider %1").arg(quoted(providerName));
    if (node.IsScalar()) {
        error(posOf(node), tr("Model #%1%2 must be a mapping such as {name: %3, input_per_million: 0.15}")
                               .arg(index)
                               .arg(owner, scalarText(node)));
        return false;
    }
    if (!node.IsMap()) {
        error(posOf(node),
              tr("Model #%1%2 must be a mapping, not %3").arg(index).arg(owner, nodeKindName(node)));
        return false;
    }
    const int errorsBefore = m_errors;
    Where where{tr("in model #%1%2").arg(index).arg(owner)};
    QString label = tr("Model #%1%2").arg(index).arg(owner);
    const YAML::Node nameNode = node["name"];
    if (nameNode.IsDefined() && nameNode.IsScalar() && !nameNode.Scalar().empty()) {
        where.text = tr("in model %1%2").arg(quoted(scalarText(nameNode)), owner);
        label = tr("Model %1%2").arg(quoted(scalarText(nameNode)), owner);
    }
    static const QStringList known{QStringLiteral("name"), QStringLiteral("type"),
                                   QStringLiteral("input_per_million"), QStringLiteral("output_per_million"),
                                   QStringLiteral("cached_input_per_million"),
                                   QStringLiteral("cache_write_per_million"), QStringLiteral("currency")};
    const MapView view = checkMap(node, known, where);
    QString name;
    if (const Entry* e = view.find("name")) {
        if (auto text = readString(*e, where)) {
            if (*text != text->trimmed() || std::any_of(text->begin(), text->end(), [](QChar c) {
                    return c.isSpace() || c.category() == QChar::Other_Control;
                })) {
                error(posOf(e->value),
                      tr("Bad model name %1%2: must not contain spaces or control characters")
                          .arg(quoted(*text), owner));
            } else {
                name = *text;
            }
        }
    } else {
        error(posOf(node), tr("%1 is missing required key 'name'").arg(label));
    }
    if (const Entry* e = view.find("type")) {
        if (auto type = readString(*e, where)) {
            if (*type == QLatin1String("embeddings")) {
                out.embeddings = true;
                const providers::ProviderAdapter* adapter = providers::adapterForKind(kind);
                if (adapter && !adapter->supportsEmbeddings()) {
                    error(posOf(e->value), tr("Model type 'embeddings' %1: provider kind %2 has no embeddings "
                                              "API; serve embeddings from another provider")
                                               .arg(where.text, kind));
                }
            } else if (*type != QLatin1String("chat")) {
                error(posOf(e->value), tr("Unknown model type %1 %2; valid types: chat, embeddings")
                                           .arg(quoted(*type), where.text));
            }
        }
    }
    if (const Entry* e = view.find("input_per_million")) {
        if (auto v = readPrice(*e, where))
            out.price.inputPerMillionMicros = *v;
    }
    if (const Entry* e = view.find("output_per_million")) {
        if (auto v = readPrice(*e, where))
            out.price.outputPerMillionMicros = *v;
    }
    if (const Entry* e = view.find("cached_input_per_million")) {
        if (auto v = readPrice(*e, where))
            out.price.cachedInputPerMillionMicros = *v;
    }
    if (const Entry* e = view.find("cache_write_per_million")) {
        if (auto v = readPrice(*e, where))
            out.price.cacheWritePerMillionMicros = *v;
    }
    if (const Entry* e = view.find("currency")) {
        if (auto code = readString(*e, where)) {
            if (!Money::isValidCurrencyCode(*code)) {
                error(posOf(e->value),
                      tr("Bad currency %1 %2: use an ISO 4217 code of three uppercase letters, "
                         "e.g. USD, EUR, INR")
                          .arg(quoted(*code), where.text));
            } else {
                out.price.currency = Money::currencyFrom(*code);
            }
        }
    }
    out.name = name;
    return m_errors == errorsBefore;
}

void Validator::routes(const Entry& e, const std::vector<ProviderConfig>& providers,
                       std::vector<RouteConfig>& out)
{
    if (e.value.IsNull())
        return;
    if (!e.value.IsSequence()) {
        error(posOf(e.value), tr("Key 'routes' must be a list of routes, not %1").arg(nodeKindName(e.value)));
        return;
    }
    std::vector<std::pair<QString, Pos>> seen;
    int index = 0;
    for (const YAML::Node& item : e.value) {
        ++index;
        RouteConfig r;
        const bool ok = route(item, index, providers, r);
        if (r.alias.isEmpty())
            continue;
        const auto dup =
            std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == r.alias; });
        if (dup != seen.end()) {
            error(posOf(item), tr("Duplicate route alias %1 (first defined at line %2)")
                                   .arg(quoted(r.alias))
                                   .arg(dup->second.line));
            continue;
        }
        seen.emplace_back(r.alias, posOf(item));
        if (ok)
            out.push_back(std::move(r));
    }
}

bool Validator::route(const YAML::Node& node, int index, const std::vector<ProviderConfig>& providers,
                      RouteConfig& out)
{
    if (!node.IsMap()) {
        error(posOf(node), tr("Route #%1 must be a mapping with alias and targets, not %2")
                               .arg(index)
                               .arg(nodeKindName(node)));
        return false;
    }
    const int errorsBefore = m_errors;
    Where where{tr("in route #%1").arg(index)};
    QString label = tr("Route #%1").arg(index);
    const YAML::Node aliasNode = node["alias"];
    if (aliasNode.IsDefined() && aliasNode.IsScalar() && !aliasNode.Scalar().empty()) {
        where.text = tr("in route %1").arg(quoted(scalarText(aliasNode)));
        label = tr("Route %1").arg(quoted(scalarText(aliasNode)));
    }
    const MapView view =
        checkMap(node, {QStringLiteral("alias"), QStringLiteral("targets"), QStringLiteral("strategy"),
                        QStringLiteral("guardrails")}, where);
    for (const char* required : {"alias", "targets"}) {
        if (!view.find(required))
            error(posOf(node),
                  tr("%1 is missing required key %2").arg(label, quoted(QLatin1String(required))));
    }
    QString alias;
    if (const Entry* e = view.find("alias")) {
        if (auto text = readString(*e, where)) {
            const qsizetype slash = text->indexOf(QLatin1Char('/'));
            if (slash >= 0) {
                const ProviderConfig* p = nullptr;
                for (const ProviderConfig& candidate : providers) {
                    if (candidate.name == text->left(slash))
                        p = &candidate;
                }
                if (p && p->findModel(text->mid(slash + 1))) {
                    error(posOf(e->value),
                          tr("Route alias %1 is already a provider/model id; choose an alias "
                             "without '/'")
                              .arg(quoted(*text)));
                } else {
                    error(posOf(e->value),
                          tr("Route alias %1 must not contain '/' (that is how provider/model "
                             "ids are written)")
                              .arg(quoted(*text)));
                }
            } else if (std::any_of(text->begin(), text->end(), [](QChar c) {
                           return c.isSpace() || c.category() == QChar::Other_Control;
                       })) {
                error(posOf(e->value),
                      tr("Route alias %1 must not contain spaces or control characters").arg(quoted(*text)));
            } else {
                alias = *text;
            }
        }
    }
    if (const Entry* e = view.find("targets")) {
        if (!requireValue(*e, where)) {
        } else if (!e->value.IsSequence()) {
            error(posOf(e->value), tr("Key 'targets' %1 must be a list such as [openai/gpt-4o-mini], not %2")
                                       .arg(where.text, nodeKindName(e->value)));
        } else if (e->value.size() == 0) {
            error(posOf(e->value), tr("Key 'targets' %1 must list at least one target").arg(where.text));
        } else {
            std::optional<bool> embeddings;
            for (const YAML::Node& item : e->value) {
                std::optional<RouteTargetConfig> t = target(item, where, providers);
                if (!t)
                    continue;
                const ProviderConfig* p = nullptr;
                for (const ProviderConfig& candidate : providers) {
                    if (candidate.name == t->provider)
                        p = &candidate;
                }
                const ModelConfig* m = p ? p->findModel(t->model) : nullptr;
                if (m) {
                    if (embeddings && *embeddings != m->embeddings) {
                        error(posOf(item),
                              tr("Route target %1 %2 mixes chat and embeddings models")
                                  .arg(quoted(t->provider + QLatin1Char('/') + t->model), where.text));
                    }
                    embeddings = m->embeddings;
                }
                out.targets.push_back(std::move(*t));
            }
        }
    }
    if (const Entry* e = view.find("strategy")) {
        if (auto strategy = readString(*e, where)) {
            const QStringList strategies{QStringLiteral("fallback"), QStringLiteral("weighted")};
            if (!strategies.contains(*strategy)) {
                error(posOf(e->value), tr("Unknown strategy %1 %2; valid strategies: %3")
                                               .arg(quoted(*strategy), where.text, strategies.join(QLatin1String(", "))) +
                                           didYouMean(*strategy, strategies));
            } else {
                out.strategy = *strategy == strategies[1] ? RouteStrategy::Weighted : RouteStrategy::Fallback;
            }
        }
    }
    out.alias = alias;
    if (const Entry* e = view.find("guardrails"))
        out.guardrails = guardrailsChoice(*e, where, QStringLiteral("route/") + alias);
    return m_errors == errorsBefore;
}

std::optional<RouteTargetConfig> Validator::target(const YAML::Node& node, const Where& where,
                                                   const std::vector<ProviderConfig>& providers)
{
    RouteTargetConfig t;
    Pos providerPos = posOf(node);
    Pos modelPos = posOf(node);
    if (node.IsScalar()) {
        const QString text = scalarText(node).trimmed();
        const qsizetype slash = text.indexOf(QLatin1Char('/'));
        if (slash <= 0 || slash == text.size() - 1) {
            error(posOf(node),
                  tr("Route target %1 %2 must be written provider/model, e.g. openai/gpt-4o-mini")
                      .arg(quoted(text), where.text));
            return std::nullopt;
        }
        // Model ids may contain '/' themselves (e.g. "meta-llama/Llama-3-8B"); the provider never does.
        t.provider = text.left(slash);
        t.model = text.mid(slash + 1);
    } else if (node.IsMap()) {
        const Where targetWhere{tr("in a target %1").arg(where.text)};
        const MapView view = checkMap(
            node, {QStringLiteral("provider"), QStringLiteral("model"), QStringLiteral("weight")}, targetWhere);
        const Entry* p = view.find("provider");
        const Entry* m = view.find("model");
        if (!p || !m) {
            error(posOf(node), tr("Route target %1 needs both 'provider' and 'model'").arg(where.text));
            return std::nullopt;
        }
        const std::optional<QString> provider = readString(*p, targetWhere);
        const std::optional<QString> model = readString(*m, targetWhere);
        std::optional<std::int64_t> weight = 1;
        if (const Entry* w = view.find("weight"))
            weight = readInteger(*w, targetWhere, 1, 1000);
        if (!provider || !model || !weight)
            return std::nullopt;
        t.weight = int(*weight);
        t.provider = *provider;
        t.model = *model;
        providerPos = posOf(p->value);
        modelPos = posOf(m->value);
    } else {
        error(posOf(node), tr("Route target %1 must be provider/model or {provider: ..., model: ..., weight: ...}, "
                              "not %2")
                               .arg(where.text, nodeKindName(node)));
        return std::nullopt;
    }
    const ProviderConfig* provider = nullptr;
    QStringList providerNames;
    for (const ProviderConfig& candidate : providers) {
        providerNames << candidate.name;
        if (candidate.name == t.provider)
            provider = &candidate;
    }
    if (!provider) {
        error(providerPos,
              tr("Route target %1 %2 names unknown provider %3")
                      .arg(quoted(t.provider + QLatin1Char('/') + t.model), where.text, quoted(t.provider)) +
                  didYouMean(t.provider, providerNames));
        return std::nullopt;
    }
    if (!provider->findModel(t.model)) {
        QStringList modelNames;
        for (const ModelConfig& m : provider->models)
            modelNames << m.name;
        error(modelPos, tr("Route target %1 %2: provider %3 does not declare model %4")
                                .arg(quoted(t.provider + QLatin1Char('/') + t.model), where.text,
                                     quoted(t.provider), quoted(t.model)) +
                            didYouMean(t.model, modelNames));
        return std::nullopt;
    }
    return t;
}

} // namespace

QString ConfigIssue::format(const QString& fileName) const
{
    const QString kind = severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
    if (line <= 0)
        return QStringLiteral("%1: %2: %3").arg(fileName, kind, message);
    return QStringLiteral("%1:%2:%3: %4: %5")
        .arg(fileName)
        .arg(line)
        .arg(std::max(column, 1))
        .arg(kind, message);
}

ConfigLoadResult ConfigLoader::loadText(const QByteArray& yaml, EnvLookup env, SecretLookup secrets)
{
    if (!env)
        env = [](const QString& name) { return qgetenv(name.toLocal8Bit().constData()); };
    Validator validator(std::move(env), std::move(secrets));
    auto config = std::make_shared<GatewayConfig>();
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(yaml.toStdString());
        if (documents.empty()) {
            validator.document(YAML::Node(), *config);
        } else {
            validator.document(documents.front(), *config);
            for (std::size_t i = 1; i < documents.size(); ++i) {
                validator.error(posOf(documents[i]),
                                tr("A config file holds one YAML document; remove the extra '---' document"));
            }
        }
    } catch (const YAML::DeepRecursion& e) {
        validator.error(Pos{e.mark.line + 1, e.mark.column + 1},
                        tr("YAML syntax error: nesting is too deep"));
    } catch (const YAML::Exception& e) {
        const Pos pos = e.mark.is_null() ? Pos{} : Pos{e.mark.line + 1, e.mark.column + 1};
        validator.error(pos, tr("YAML syntax error: %1").arg(QString::fromStdString(e.msg)));
    } catch (const std::exception& e) {
        validator.error(Pos{}, tr("Cannot read the config: %1").arg(QString::fromLocal8Bit(e.what())));
    }
    ConfigLoadResult result;
    if (!validator.hasErrors()) {
        config->buildScanner();
        result.config = std::move(config);
    }
    result.issues = validator.takeIssues();
    return result;
}

ConfigLoadResult ConfigLoader::loadFile(const QString& path, EnvLookup env, SecretLookup secrets)
{
    QFile file(path);
    const auto fail = [](const QString& message) {
        ConfigLoadResult result;
        ConfigIssue issue;
        issue.message = message;
        result.issues.push_back(std::move(issue));
        return result;
    };
    if (QFileInfo(path).isDir())
        return fail(tr("Cannot read the config file: it is a directory"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot open the config file: %1").arg(file.errorString()));
    if (file.size() > kMaxConfigFileBytes)
        return fail(tr("The config file is larger than %1 bytes").arg(kMaxConfigFileBytes));
    const QByteArray text = file.read(kMaxConfigFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return fail(tr("Cannot read the config file: %1").arg(file.errorString()));
    if (text.size() > kMaxConfigFileBytes)
        return fail(tr("The config file is larger than %1 bytes").arg(kMaxConfigFileBytes));
    ConfigLoadResult result = loadText(text, std::move(env), std::move(secrets));
    qCDebug(lcConfig) << "loaded" << path << "with" << result.issues.size() << "issue(s)";
    return result;
}

} // namespace tollgate
