// Precision and recall of every guardrail detector over the labelled set in tests/data/guardrails.
// usage: tollgate-eval-guardrails [--mistakes] [DIR or FILE.jsonl ...]
// Exit status 0 when the quality targets hold, 1 when not, 2 on unreadable data.

#include "guardrails/evaluation.h"

#include <QDir>
#include <QStringList>

#include <cstdio>

using namespace tollgate::guardrails;

int main(int argc, char** argv)
{
    bool showMistakes = false;
    QStringList inputs;
    for (int i = 1; i < argc; ++i) {
        const QString a = QString::fromLocal8Bit(argv[i]);
        if (a == QLatin1String("--mistakes"))
            showMistakes = true;
        else
            inputs << a;
    }
    if (inputs.isEmpty())
        inputs << QStringLiteral(TOLLGATE_GUARDRAILS_DATA_DIR);
    QStringList files;
    for (const QString& in : inputs) {
        const QDir dir(in);
        if (dir.exists()) {
            for (const QString& f : dir.entryList({QStringLiteral("*.jsonl")}, QDir::Files, QDir::Name))
                files << dir.filePath(f);
        } else {
            files << in;
        }
    }
    const auto report = evaluateFiles(files);
    if (!report) {
        std::fprintf(stderr, "tollgate-eval-guardrails: %s\n", qPrintable(report.error().message));
        return 2;
    }
    std::fputs(formatReport(*report).c_str(), stdout);
    if (showMistakes) {
        for (const std::string& m : report->mistakes)
            std::printf("  %s\n", m.c_str());
    }
    std::string why;
    const bool ok = meetsTargets(*report, &why);
    std::printf("targets: %s%s\n", ok ? "met" : "NOT met: ", why.c_str());
    return ok ? 0 : 1;
}
