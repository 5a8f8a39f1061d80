#include "models/guardrailsandbox.h"

#include "guardrails/pseudonymizer.h"
#include "guardrails/redactor.h"
#include "guardrails/scanner.h"

#include <QCoreApplication>

namespace tollgate::ui {

namespace {

// The translation context of this file's messages (lupdate reads the macro).
class GuardrailSandboxText
{
    Q_DECLARE_TR_FUNCTIONS(tollgate::ui::GuardrailSandbox)
};

QString latin1(std::string_view text)
{
    return QString::fromLatin1(text.data(), qsizetype(text.size()));
}

} // namespace

SandboxResult runSandbox(const guardrails::GuardrailsPolicy& policy, const QString& text)
{
    using guardrails::Action;
    SandboxResult result;
    result.input = text;
    const QByteArray utf8 = text.toUtf8();
    if (utf8.size() > kSandboxMaxBytes) {
        result.error = GuardrailSandboxText::tr("The text is %1 KiB; the sandbox scans at most %2 KiB.")
                           .arg(utf8.size() / 1024)
                           .arg(kSandboxMaxBytes / 1024);
        return result;
    }
    const std::string_view view(utf8.constData(), std::size_t(utf8.size()));
    const guardrails::Scanner scanner(policy.scannerOptions());
    std::vector<guardrails::Detection> found;
    const guardrails::ScanOutcome outcome = scanner.scan(view, found);
    if (!outcome.ok()) {
        result.error =
            outcome.status == guardrails::ScanStatus::InputTooLarge
                ? GuardrailSandboxText::tr("The text is too large to scan.")
                : GuardrailSandboxText::tr("A detector failed; the gateway would refuse this request (it fails closed).");
        return result;
    }
    result.ok = true;
    result.injectionScore = outcome.injectionScore;
    for (const guardrails::Detection& d : found) {
        SandboxFinding f;
        f.type = latin1(guardrails::detectorName(d.id));
        f.category = latin1(guardrails::categoryName(guardrails::detectorCategory(d.id)));
        f.action = latin1(guardrails::actionName(policy.actionFor(d.id)));
        f.value = QString::fromUtf8(utf8.constData() + d.begin, qsizetype(d.end - d.begin));
        f.begin = int(d.begin);
        f.end = int(d.end);
        f.score = d.score;
        result.findings.push_back(std::move(f));
    }

    const guardrails::PolicyVerdict verdict = guardrails::evaluatePolicy(policy, found);
    if (verdict.blocked()) {
        result.blocked = true;
        for (std::size_t i = 0; i < guardrails::kDetectorCount; ++i) {
            if (verdict.blockedBy.test(i))
                result.blockedBy << latin1(guardrails::detectorName(guardrails::DetectorId(i)));
        }
        result.providerText = QStringLiteral("blocked: ") + result.blockedBy.join(QStringLiteral(", "));
        return result;
    }
    if (!verdict.rewrite) {
        result.providerText = text;
        return result;
    }
    guardrails::DetectorSet pseudonymize, redact;
    for (const guardrails::Detection& d : found) {
        if (policy.actionFor(d.id) == Action::Pseudonymize)
            pseudonymize.set(std::size_t(d.id));
        else if (policy.actionFor(d.id) == Action::Redact)
            redact.set(std::size_t(d.id));
    }
    std::string rewritten(view);
    if (pseudonymize.any()) {
        guardrails::Pseudonymizer pseudonyms;
        rewritten = pseudonyms.pseudonymize(view, found, pseudonymize);
    }
    if (redact.any()) {
        if (pseudonymize.any()) {
            // Offsets moved with the placeholders: find what is to be redacted again.
            found.clear();
            if (!scanner.scan(rewritten, found).ok()) {
                result.ok = false;
                result.error =
                    GuardrailSandboxText::tr("A detector failed; the gateway would refuse this request (it fails closed).");
                return result;
            }
        }
        guardrails::Redactor redactor;
        rewritten = redactor.redact(rewritten, found, redact);
    }
    result.providerText = QString::fromStdString(rewritten);
    return result;
}

} // namespace tollgate::ui
