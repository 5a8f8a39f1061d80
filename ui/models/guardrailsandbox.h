#pragma once

#include "guardrails/policy.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace tollgate::ui {

// One finding of the sandbox, for people: offsets are UTF-8 byte offsets (half-open) into the
// text, as `tollgate scan` prints them.
struct SandboxFinding
{
    QString type;     // detector id, e.g. "email"
    QString category; // "pii", "secret", "injection"
    QString action;   // what the policy does with it
    QString value;    // the matched text (shown only to the person who pasted it)
    int begin = 0;
    int end = 0;
    float score = 0.0f;
};

struct SandboxResult
{
    bool ok = false;
    QString error; // why the text could not be scanned (too large, a detector failed)
    std::vector<SandboxFinding> findings;
    float injectionScore = 0.0f;
    bool blocked = false;
    QStringList blockedBy; // detector ids whose action is block
    // What the provider would receive: the text with redacted and pseudonymized findings replaced
    // by their placeholders, or "blocked: <types>" when the policy refuses the text.
    QString providerText;
    QString input; // the text that was scanned
};

// Texts longer than this are refused by the sandbox (the gateway's own body limit is the bound
// for real requests); keeps a scan short enough that the panel stays responsive.
inline constexpr qsizetype kSandboxMaxBytes = 1024 * 1024;

// Scans `text` with the detectors `policy` enables and applies its actions as the inspect stage
// does (pseudonymize, then redact what is left). Pure and thread-safe: the panel runs it on the
// thread pool.
SandboxResult runSandbox(const guardrails::GuardrailsPolicy& policy, const QString& text);

} // namespace tollgate::ui
