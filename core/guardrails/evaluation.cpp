#include "guardrails/evaluation.h"

#include <QFile>

#include <rapidjson/document.h>

#include <cstdio>

namespace tollgate::guardrails {

double DetectorScore::precision() const
{
    const std::size_t flagged = truePositives + falsePositives;
    return flagged ? double(truePositives) / double(flagged) : 1.0;
}

double DetectorScore::recall() const
{
    const std::size_t all = truePositives + falseNegatives;
    return all ? double(truePositives) / double(all) : 1.0;
}

namespace {

struct Expected
{
    DetectorId id;
    std::size_t begin, end;
    bool matched = false;
};

std::string clip(std::string_view s, std::size_t max = 90)
{
    std::string out(s.substr(0, max));
    for (char& c : out) {
        if (c == '\n' || c == '\r')
            c = ' ';
    }
    return s.size() > max ? out + "..." : out;
}

} // namespace

Result<EvaluationReport> evaluateFiles(const QStringList& paths, const ScannerOptions& options)
{
    EvaluationReport report;
    const Scanner scanner(options);
    std::vector<Detection> found;
    for (const QString& path : paths) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        int lineNo = 0;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine();
            ++lineNo;
            if (line.trimmed().isEmpty())
                continue;
            rapidjson::Document doc;
            doc.Parse(line.constData(), static_cast<std::size_t>(line.size()));
            const auto where = QStringLiteral("%1:%2").arg(path).arg(lineNo);
            if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("text") || !doc["text"].IsString())
                return makeError(where + QStringLiteral(": expected an object with a \"text\" string"));
            const std::string text(doc["text"].GetString(), doc["text"].GetStringLength());
            std::vector<Expected> expected;
            if (doc.HasMember("expect")) {
                if (!doc["expect"].IsArray())
                    return makeError(where + QStringLiteral(": \"expect\" must be an array"));
                for (const auto& e : doc["expect"].GetArray()) {
                    if (!e.IsObject() || !e.HasMember("type") || !e["type"].IsString() ||
                        !e.HasMember("value") || !e["value"].IsString())
                        return makeError(where +
                                         QStringLiteral(": each expectation needs \"type\" and \"value\""));
                    const auto id = detectorFromName(e["type"].GetString());
                    if (!id)
                        return makeError(where +
                                         QStringLiteral(": unknown type %1").arg(e["type"].GetString()));
                    const std::string value(e["value"].GetString(), e["value"].GetStringLength());
                    const std::size_t at = text.find(value);
                    if (at == std::string::npos)
                        return makeError(where + QStringLiteral(": expected value not in the text"));
                    expected.push_back(Expected{*id, at, at + value.size()});
                }
            }
            const bool labelled = doc.HasMember("injection") && doc["injection"].IsBool();
            const bool attack = labelled && doc["injection"].GetBool();
            ++report.items;

            found.clear();
            const ScanOutcome outcome = scanner.scan(text, found);
            if (!outcome.ok())
                return makeError(where + QStringLiteral(": scan failed"));
            bool injectionFlagged = false;
            for (const Detection& d : found) {
                if (d.id == DetectorId::PromptInjection) {
                    injectionFlagged = true;
                    continue;
                }
                bool hit = false;
                for (Expected& e : expected) {
                    if (e.id == d.id && d.begin < e.end && e.begin < d.end) {
                        if (!e.matched) {
                            e.matched = true;
                            ++report.scores[static_cast<std::size_t>(d.id)].truePositives;
                        }
                        hit = true;
                    }
                }
                if (!hit) {
                    ++report.scores[static_cast<std::size_t>(d.id)].falsePositives;
                    report.mistakes.push_back("FP " + std::string(detectorName(d.id)) + " '" +
                                              text.substr(d.begin, d.end - d.begin) + "' in: " + clip(text));
                }
            }
            for (const Expected& e : expected) {
                if (!e.matched) {
                    ++report.scores[static_cast<std::size_t>(e.id)].falseNegatives;
                    report.mistakes.push_back("FN " + std::string(detectorName(e.id)) + " '" +
                                              text.substr(e.begin, e.end - e.begin) + "' in: " + clip(text));
                }
            }
            auto& inj = report.scores[static_cast<std::size_t>(DetectorId::PromptInjection)];
            if (attack) {
                ++report.attacks;
                if (injectionFlagged) {
                    ++report.attacksCaught;
                    ++inj.truePositives;
                } else {
                    ++inj.falseNegatives;
                    report.mistakes.push_back("FN prompt_injection (score " +
                                              std::to_string(outcome.injectionScore) + ") in: " + clip(text));
                }
            } else if (injectionFlagged) {
                ++inj.falsePositives;
                report.mistakes.push_back("FP prompt_injection (score " +
                                          std::to_string(outcome.injectionScore) + ") in: " + clip(text));
            }
            if (labelled && !attack) {
                ++report.benign;
                if (injectionFlagged)
                    ++report.benignFlagged;
            }
        }
    }
    return report;
}

std::string formatReport(const EvaluationReport& report)
{
    std::string out;
    char line[160];
    std::snprintf(line, sizeof line, "%-22s %7s %6s %6s %6s %9s %7s\n", "detector", "support", "TP", "FP",
                  "FN", "precision", "recall");
    out += line;
    for (std::size_t i = 0; i < kDetectorCount; ++i) {
        const DetectorScore& s = report.scores[i];
        std::snprintf(line, sizeof line, "%-22s %7zu %6zu %6zu %6zu %9.3f %7.3f\n",
                      std::string(detectorName(static_cast<DetectorId>(i))).c_str(), s.support(),
                      s.truePositives, s.falsePositives, s.falseNegatives, s.precision(), s.recall());
        out += line;
    }
    std::snprintf(
        line, sizeof line,
        "items %zu; injection: %zu/%zu attacks caught (%.3f), %zu/%zu benign look-alikes flagged (%.3f)\n",
        report.items, report.attacksCaught, report.attacks, report.attackRecall(), report.benignFlagged,
        report.benign, report.benignFlagRate());
    out += line;
    return out;
}

bool meetsTargets(const EvaluationReport& report, std::string* why)
{
    bool ok = true;
    std::string reasons;
    for (DetectorId id : {DetectorId::PaymentCard, DetectorId::Iban, DetectorId::UsSsn, DetectorId::Aadhaar,
                          DetectorId::UkNhs, DetectorId::InPan}) {
        const DetectorScore& s = report.scores[static_cast<std::size_t>(id)];
        if (s.support() == 0 || s.precision() < 0.98 || s.recall() < 0.98) {
            ok = false;
            reasons += std::string(detectorName(id)) + " below 0.98 (or no samples); ";
        }
    }
    if (report.attacks == 0 || report.attackRecall() < 0.9) {
        ok = false;
        reasons += "injection recall below 0.9; ";
    }
    if (report.benign == 0 || report.benignFlagRate() >= 0.05) {
        ok = false;
        reasons += "injection flags 5% or more of benign look-alikes; ";
    }
    if (why)
        *why = reasons;
    return ok;
}

} // namespace tollgate::guardrails
