#include "audit/auditcommand.h"

#include "audit/evidenceexport.h"
#include "audit/inclusionproof.h"
#include "audit/ledgerverifier.h"
#include "audit/signingkey.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace tollgate {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("tollgate::AuditCommand", text);
}

void print(FILE* f, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, std::size_t(utf8.size()), f);
    std::fflush(f);
}

QString usage()
{
    return tr("usage:\n"
              "  tollgate audit verify [--data-dir DIR] [--public-key FILE]\n"
              "  tollgate audit proof REQUEST_ID [--data-dir DIR] [--output FILE]\n"
              "  tollgate audit verify-proof FILE --public-key FILE\n"
              "  tollgate audit export --from DATE --to DATE --format html|csv|json [--output FILE]\n"
              "                        [--currency CODE] [--rate CODE=RATE ...] [--data-dir DIR] "
              "[--public-key FILE]\n"
              "DATE is YYYY-MM-DD (UTC, --to inclusive) or an ISO 8601 date-time.\n");
}

QString defaultDataDir()
{
    // The same folder `tollgate serve` uses: AppDataLocation with the application name "tollgate".
    // Outside the app (tests, other tools) the name differs, so build the same path by hand.
    if (QCoreApplication::applicationName() == QLatin1String("tollgate"))
        return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(QStringLiteral("tollgate"));
}

bool readPublicKey(const QString& file, QByteArray* key, QString* error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read the public key file %1: %2").arg(file, f.errorString());
        return false;
    }
    const auto parsed = parsePublicKey(f.read(64 * 1024));
    if (!parsed.ok()) {
        *error = tr("%1: %2").arg(file, parsed.error().message);
        return false;
    }
    *key = parsed.value();
    return true;
}

// Start of a day (or an exact instant) in ms since the epoch, UTC. endOfDay: the day after, for --to.
bool parseDate(const QString& text, bool endOfDay, std::int64_t* ms)
{
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10) {
        const QDate d = endOfDay ? date.addDays(1) : date;
        *ms = QDateTime(d, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        return true;
    }
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        return false;
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeSpec(Qt::UTC);
    *ms = dt.toMSecsSinceEpoch();
    return true;
}

bool writeOutput(const QString& file, const QByteArray& data, FILE* out, QString* error)
{
    if (file.isEmpty() || file == QLatin1String("-")) {
        std::fwrite(data.constData(), 1, std::size_t(data.size()), out);
        std::fflush(out);
        return true;
    }
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        *error = tr("cannot write %1: %2").arg(file, f.errorString());
        return false;
    }
    return true;
}

} // namespace

int runAuditCommand(const QStringList& argsIn, FILE* out, FILE* err)
{
    QStringList args = argsIn;
    if (!args.isEmpty() && args.first() == QLatin1String("audit"))
        args.removeFirst();
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        print(args.isEmpty() ? err : out, usage());
        return args.isEmpty() ? 2 : 0;
    }
    const QString command = args.takeFirst();

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), tr("Folder holding ledger.db."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption publicKey(QStringLiteral("public-key"), tr("Ed25519 public key (hex or PEM)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption output(QStringLiteral("output"), tr("Write here instead of standard output."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption from(QStringLiteral("from"), tr("Start of the period."), QStringLiteral("DATE"));
    const QCommandLineOption to(QStringLiteral("to"), tr("End of the period."), QStringLiteral("DATE"));
    const QCommandLineOption format(QStringLiteral("format"), tr("html, csv or json."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption currency(QStringLiteral("currency"), tr("Cost statement currency."),
                                      QStringLiteral("CODE"));
    const QCommandLineOption rate(QStringLiteral("rate"), tr("Conversion rate into the statement currency."),
                                  QStringLiteral("CODE=RATE"));
    parser.addOptions({dataDir, publicKey, output, from, to, format, currency, rate});
    QStringList parseArgs = args;
    parseArgs.prepend(QStringLiteral("tollgate-audit"));
    if (!parser.parse(parseArgs)) {
        print(err, parser.errorText() + QLatin1Char('\n') + usage());
        return 2;
    }
    const QString dir = parser.isSet(dataDir) ? parser.value(dataDir) : defaultDataDir();
    const QString ledgerPath = QDir(dir).filePath(QStringLiteral("ledger.db"));
    QByteArray key;
    QString error;
    if (parser.isSet(publicKey) && !readPublicKey(parser.value(publicKey), &key, &error)) {
        print(err, error + QLatin1Char('\n'));
        return 2;
    }

    if (command == QLatin1String("verify")) {
        if (!parser.positionalArguments().isEmpty()) {
            print(err, usage());
            return 2;
        }
        const LedgerVerifyReport r = verifyLedger(ledgerPath, key);
        QString text;
        text += tr("ledger:       %1\n").arg(ledgerPath);
        if (!r.ledgerId.isEmpty())
            text += tr("ledger id:    %1\n").arg(QString::fromLatin1(r.ledgerId));
        if (!r.publicKeyFingerprint.isEmpty())
            text += tr("public key:   %1 (%2)\n")
                        .arg(QString::fromLatin1(r.publicKeyFingerprint),
                             r.publicKeyFromLedger
                                 ? tr("taken from the ledger itself; pass --public-key to check it")
                                 : tr("given with --public-key"));
        text += tr("records:      %1 (%2 sealed, %3 unsealed)\n")
                    .arg(r.records)
                    .arg(r.sealedRecords)
                    .arg(r.unsealedRecords);
        text += tr("checkpoints:  %1\n").arg(r.checkpoints);
        if (r.ok) {
            text += tr("chain head:   %1\n").arg(QString::fromLatin1(r.lastEntryHash));
            text += tr("OK: %1\n").arg(r.message);
            print(out, text);
            return 0;
        }
        if (r.problem == LedgerVerifyReport::Problem::CannotRead) {
            print(err, tr("error: %1\n").arg(r.message));
            return 2;
        }
        text += tr("FAILED (%1) at record %2%3: %4\n")
                    .arg(problemName(r.problem))
                    .arg(r.firstBadSeq)
                    .arg(r.firstBadRequestId.isEmpty()
                             ? QString()
                             : QStringLiteral(" (%1)").arg(QString::fromLatin1(r.firstBadRequestId)))
                    .arg(r.message);
        print(out, text);
        return 1;
    }

    if (command == QLatin1String("proof")) {
        if (parser.positionalArguments().size() != 1) {
            print(err, usage());
            return 2;
        }
        const auto proof = buildInclusionProof(ledgerPath, parser.positionalArguments().first().toUtf8());
        if (!proof.ok()) {
            print(err, tr("error: %1\n").arg(proof.error().message));
            return 2;
        }
        if (!writeOutput(parser.value(output), proof.value() + '\n', out, &error)) {
            print(err, error + QLatin1Char('\n'));
            return 2;
        }
        return 0;
    }

    if (command == QLatin1String("verify-proof")) {
        if (parser.positionalArguments().size() != 1 || key.isEmpty()) {
            print(err, tr("verify-proof needs a proof file and --public-key\n") + usage());
            return 2;
        }
        QFile f(parser.positionalArguments().first());
        if (!f.open(QIODevice::ReadOnly)) {
            print(err, tr("cannot read %1: %2\n").arg(f.fileName(), f.errorString()));
            return 2;
        }
        const ProofCheck check = verifyProof(f.read(16 * 1024 * 1024), key);
        print(out, (check.ok ? tr("OK: %1\n") : tr("FAILED: %1\n")).arg(check.message));
        return check.ok ? 0 : 1;
    }

    if (command == QLatin1String("export")) {
        EvidenceOptions options;
        if (!parser.isSet(from) || !parser.isSet(to) || !parser.isSet(format)) {
            print(err, tr("export needs --from, --to and --format\n") + usage());
            return 2;
        }
        if (!parseDate(parser.value(from), false, &options.fromMs)) {
            print(err, tr("--from: \"%1\" is not a date\n").arg(parser.value(from)));
            return 2;
        }
        if (!parseDate(parser.value(to), true, &options.toMs)) {
            print(err, tr("--to: \"%1\" is not a date\n").arg(parser.value(to)));
            return 2;
        }
        const QString fmt = parser.value(format).toLower();
        if (fmt != QLatin1String("html") && fmt != QLatin1String("csv") && fmt != QLatin1String("json")) {
            print(err, tr("--format: \"%1\" is not html, csv or json\n").arg(parser.value(format)));
            return 2;
        }
        options.currency = parser.value(currency).toUpper();
        for (const QString& r : parser.values(rate)) {
            const QStringList parts = r.split(QLatin1Char('='));
            bool ok = false;
            const double value = parts.size() == 2 ? parts[1].toDouble(&ok) : 0.0;
            if (!ok || value <= 0 || parts[0].size() != 3) {
                print(err, tr("--rate: \"%1\" is not CODE=RATE, e.g. USD=0.92\n").arg(r));
                return 2;
            }
            options.rates.insert(parts[0].toUpper(), value);
        }
        options.publicKeyRaw = key;
        const auto report = buildEvidence(ledgerPath, options);
        if (!report.ok()) {
            print(err, tr("error: %1\n").arg(report.error().message));
            return 2;
        }
        const QByteArray data = fmt == QLatin1String("html")  ? evidenceToHtml(report.value())
                                : fmt == QLatin1String("csv") ? evidenceToCsv(report.value())
                                                              : evidenceToJson(report.value()) + '\n';
        if (!writeOutput(parser.value(output), data, out, &error)) {
            print(err, error + QLatin1Char('\n'));
            return 2;
        }
        if (!report->verified)
            print(err, tr("warning: the ledger did not verify: %1\n").arg(report->verification));
        return 0;
    }

    print(err, tr("unknown audit command \"%1\"\n").arg(command) + usage());
    return 2;
}

} // namespace tollgate
