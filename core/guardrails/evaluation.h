#pragma once

#include "common/result.h"
#include "guardrails/detector.h"
#include "guardrails/scanner.h"

#include <QStringList>

#include <array>
#include <string>
#include <vector>

namespace tollgate::guardrails {

// Precision/recall of the detectors over a labelled evaluation set (tests/data/guardrails/*.jsonl).
// Each line: {"text": "...", "expect": [{"type": "iban", "value": "DE89 ..."}], "injection": bool}.
// "expect" lists every finding the text contains (missing = none); a detection counts as a true
// positive when its type matches and its bytes overlap the expected value. "injection" (default
// false) labels the whole text; items that carry it form the injection attack/benign sets.
struct DetectorScore
{
    std::size_t truePositives = 0;
    std::size_t falsePositives = 0;
    std::size_t falseNegatives = 0;

    double precision() const;
    double recall() const;
    std::size_t support() const { return truePositives + falseNegatives; }
};

struct EvaluationReport
{
    std::size_t items = 0;
    std::array<DetectorScore, kDetectorCount> scores{};
    std::size_t attacks = 0, attacksCaught = 0;
    std::size_t benign = 0, benignFlagged = 0; // items labelled "injection": false
    std::vector<std::string> mistakes;         // one line per miss or false alarm, for tuning

    double attackRecall() const { return attacks ? double(attacksCaught) / double(attacks) : 1.0; }
    double benignFlagRate() const { return benign ? double(benignFlagged) / double(benign) : 0.0; }
};

Result<EvaluationReport> evaluateFiles(const QStringList& paths, const ScannerOptions& options = {});

// A fixed-width table: detector, support, TP, FP, FN, precision, recall.
std::string formatReport(const EvaluationReport& report);

// The quality bar: precision and recall >= 0.98 for payment_card, iban, us_ssn, aadhaar, uk_nhs and
// in_pan; injection attack recall >= 0.9 with fewer than 5% of benign look-alikes flagged. On failure
// `why` names what missed.
bool meetsTargets(const EvaluationReport& report, std::string* why = nullptr);

} // namespace tollgate::guardrails
