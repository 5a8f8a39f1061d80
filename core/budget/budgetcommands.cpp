#include "budget/budgetcommands.h"

#include "budget/budgetdb.h"
#include "budget/exchangerates.h"
#include "budget/keyregistry.h"
#include "budget/spendledger.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QStandardPaths>
#include <QTimeZone>

#include <map>

namespace tollgate::budget {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::budget::Commands", text);
}

void print(FILE* f, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, size_t(utf8.size()), f);
}

// --name value / --name=value; options in `multi` may repeat. Unknown options are errors.
struct ParsedArgs
{
    QStringList positional;
    std::map<QString, QStringList> options;
    QString error;

    QString value(const QString& name) const
    {
        const auto it = options.find(name);
        return it == options.end() || it->second.isEmpty() ? QString() : it->second.last();
    }
    QStringList values(const QString& name) const
    {
        const auto it = options.find(name);
        return it == options.end() ? QStringList() : it->second;
    }
};

ParsedArgs parseArgs(const QStringList& args, const QStringList& known)
{
    ParsedArgs p;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (!a.startsWith(QLatin1String("--"))) {
            p.positional << a;
            continue;
        }
        QString name = a.mid(2), value;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        if (eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            p.error = tr("Option --%1 needs a value").arg(name);
            return p;
        }
        if (!known.contains(name)) {
            p.error = tr("Unknown option --%1").arg(name);
            return p;
        }
        p.options[name] << value;
    }
    return p;
}

QString dataDirOf(const ParsedArgs& p)
{
    const QString dir = p.value(QStringLiteral("data-dir"));
    return dir.isEmpty() ? defaultDataDir() : dir;
}

QString timeText(std::int64_t ms)
{
    return ms <= 0 ? QStringLiteral("-") : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

constexpr const char* kKeysUsage =
    "usage: tollgate keys create --team TEAM [--project P] [--name N] [--scope S]... [--expires DATE] "
    "[--rpm N] [--tpm N] [--region R] [--guardrails PROFILE] [--data-dir DIR]\n"
    "       tollgate keys list [--data-dir DIR]\n"
    "       tollgate keys revoke ID [--data-dir DIR]\n";

} // namespace

QString defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

int runKeysCommand(const QStringList& args, FILE* out, FILE* err, const Clock& clock)
{
    const ParsedArgs p = parseArgs(args, {QStringLiteral("data-dir"), QStringLiteral("team"), QStringLiteral("project"),
                                          QStringLiteral("name"), QStringLiteral("scope"), QStringLiteral("expires"),
                                          QStringLiteral("rpm"), QStringLiteral("tpm"), QStringLiteral("region"),
                                          QStringLiteral("guardrails")});
    if (!p.error.isEmpty()) {
        print(err, p.error + QLatin1Char('\n') + QLatin1String(kKeysUsage));
        return 2;
    }
    const QString verb = p.positional.value(0);
    if (verb != QLatin1String("create") && verb != QLatin1String("list") && verb != QLatin1String("revoke")) {
        print(err, QLatin1String(kKeysUsage));
        return 2;
    }
    auto registry = KeyRegistry::open(BudgetDb::pathIn(dataDirOf(p)), clock);
    if (!registry) {
        print(err, registry.error().message + QLatin1Char('\n'));
        return 1;
    }
    KeyRegistry& keys = **registry;

    if (verb == QLatin1String("create")) {
        NewKeyOptions options;
        options.team = p.value(QStringLiteral("team"));
        options.project = p.value(QStringLiteral("project"));
        options.name = p.value(QStringLiteral("name"));
        options.region = p.value(QStringLiteral("region"));
        options.guardrails = p.value(QStringLiteral("guardrails"));
        for (const QString& s : p.values(QStringLiteral("scope")))
            options.scopes << s.split(QLatin1Char(','), Qt::SkipEmptyParts);
        const QString expires = p.value(QStringLiteral("expires"));
        if (!expires.isEmpty() && !parseTimestamp(expires, &options.expiresAtMs)) {
            print(err, tr("--expires must be an ISO 8601 date or date-time\n"));
            return 2;
        }
        bool ok = true;
        if (!p.value(QStringLiteral("rpm")).isEmpty())
            options.limits.requestsPerMinute = p.value(QStringLiteral("rpm")).toLongLong(&ok);
        if (ok && !p.value(QStringLiteral("tpm")).isEmpty())
            options.limits.tokensPerMinute = p.value(QStringLiteral("tpm")).toLongLong(&ok);
        if (!ok || options.limits.requestsPerMinute < 0 || options.limits.tokensPerMinute < 0) {
            print(err, tr("--rpm and --tpm take non-negative integers\n"));
            return 2;
        }
        if (options.team.isEmpty()) {
            print(err, tr("keys create needs --team\n") + QLatin1String(kKeysUsage));
            return 2;
        }
        auto created = keys.create(options);
        if (!created) {
            print(err, created.error().message + QLatin1Char('\n'));
            return 1;
        }
        const KeyInfo& k = *created->info;
        print(out, tr("key:     %1\n").arg(QString::fromLatin1(created->token)));
        print(out, tr("id:      %1\nteam:    %2\nproject: %3\nscopes:  %4\nexpires: %5\n")
                       .arg(k.id, k.team, k.project.isEmpty() ? QStringLiteral("-") : k.project,
                            k.scopes.isEmpty() ? QStringLiteral("*") : k.scopes.join(QLatin1Char(',')),
                            timeText(k.expiresAtMs)));
        if (!k.region.isEmpty())
            print(out, tr("region:  %1\n").arg(k.region));
        if (!k.guardrails.isEmpty())
            print(out, tr("guardrails: %1\n").arg(k.guardrails));
        print(err, tr("The key is shown only this once; store it now.\n"));
        return 0;
    }
    if (verb == QLatin1String("list")) {
        print(out, QStringLiteral("id\tprefix\tname\tteam\tproject\tscopes\tcreated\texpires\tstatus\n"));
        const std::int64_t now = clock.wallMs();
        for (const auto& k : keys.list()) {
            const QString status = k->revokedAtMs ? QStringLiteral("revoked")
                                   : (k->expiresAtMs && now >= k->expiresAtMs) ? QStringLiteral("expired")
                                                                                : QStringLiteral("active");
            print(out, QStringList{k->id, k->prefix, k->name, k->team, k->project.isEmpty() ? QStringLiteral("-") : k->project,
                                   k->scopes.isEmpty() ? QStringLiteral("*") : k->scopes.join(QLatin1Char(',')),
                                   timeText(k->createdAtMs), timeText(k->expiresAtMs), status}
                               .join(QLatin1Char('\t'))
                           + QLatin1Char('\n'));
        }
        return 0;
    }
    const QString id = p.positional.value(1);
    if (id.isEmpty()) {
        print(err, tr("keys revoke needs the key's id\n") + QLatin1String(kKeysUsage));
        return 2;
    }
    if (!keys.find(id)) {
        print(err, tr("No key with id '%1'\n").arg(id));
        return 1;
    }
    if (auto r = keys.revoke(id); !r) {
        print(err, r.error().message + QLatin1Char('\n'));
        return 1;
    }
    print(out, tr("revoked %1\n").arg(id));
    return 0;
}

int runSpendCommand(const QStringList& args, FILE* out, FILE* err, const BudgetConfig* config)
{
    const ParsedArgs p = parseArgs(args, {QStringLiteral("data-dir"), QStringLiteral("from"), QStringLiteral("to"),
                                          QStringLiteral("group-by"), QStringLiteral("currency"),
                                          QStringLiteral("rates-file")});
    const char* usage = "usage: tollgate spend [--from DATE] [--to DATE] [--group-by team,day,...] [--currency CUR] "
                        "[--rates-file CSV] [--data-dir DIR]\n";
    if (!p.error.isEmpty() || !p.positional.isEmpty()) {
        print(err, (p.error.isEmpty() ? tr("Unexpected argument %1").arg(p.positional.value(0)) : p.error)
                       + QLatin1Char('\n') + QLatin1String(usage));
        return 2;
    }
    SpendQuery query;
    query.currency = config ? config->displayCurrency : QStringLiteral("USD");
    if (!p.value(QStringLiteral("currency")).isEmpty())
        query.currency = p.value(QStringLiteral("currency")).toUpper();
    const QString groupBy = p.value(QStringLiteral("group-by"));
    query.groupBy = groupBy.isEmpty() ? QStringList{QStringLiteral("team"), QStringLiteral("day")}
                                      : groupBy.split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QString from = p.value(QStringLiteral("from"));
    const QString to = p.value(QStringLiteral("to"));
    if ((!from.isEmpty() && !parseTimestamp(from, &query.fromMs)) || (!to.isEmpty() && !parseTimestamp(to, &query.toMs))) {
        print(err, tr("--from and --to take ISO 8601 dates or date-times\n"));
        return 2;
    }
    if (!to.isEmpty() && QDate::fromString(to, Qt::ISODate).isValid())
        query.toMs += 86'400'000; // --to DATE includes that day

    ExchangeRates rates;
    if (config) {
        for (const ExchangeRateConfig& r : config->rates) {
            if (auto added = rates.add(r); !added) {
                print(err, added.error().message + QLatin1Char('\n'));
                return 1;
            }
        }
    }
    for (const QString& file : {config ? config->ratesFile : QString(), p.value(QStringLiteral("rates-file"))}) {
        if (file.isEmpty())
            continue;
        if (auto loaded = rates.loadCsv(file); !loaded) {
            print(err, loaded.error().message + QLatin1Char('\n'));
            return 1;
        }
    }
    const QString path = BudgetDb::pathIn(dataDirOf(p));
    auto rows = spendReport(path, query, rates);
    if (!rows) {
        print(err, rows.error().message + QLatin1Char('\n'));
        return 1;
    }
    const QByteArray csv = spendReportCsv(query, *rows);
    std::fwrite(csv.constData(), 1, size_t(csv.size()), out);
    return 0;
}

} // namespace tollgate::budget
