#include "guardrails/scancommand.h"

#include "guardrails/scanner.h"

#include <QFile>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <vector>

namespace tollgate::guardrails {

namespace {

constexpr const char* kUsage =
    "usage: tollgate scan [--jsonl|--text] [--threshold X] [--only id,id,...] [FILE|-]\n"
    "Scans a text or JSONL file (one JSON string or {\"text\": ...} per line; stdin when FILE is '-'\n"
    "or missing) and prints one JSON line per finding.\n";

enum class Format
{
    Auto,
    Text,
    Jsonl
};

void printFinding(std::FILE* out, std::size_t line, std::string_view text, const Detection& d)
{
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    // Invalid UTF-8 in the input must not produce invalid JSON: go through QString (U+FFFD).
    const QByteArray value =
        QString::fromUtf8(text.data() + d.begin, static_cast<qsizetype>(d.end - d.begin)).toUtf8();
    const std::string_view type = detectorName(d.id);
    const std::string_view category = categoryName(detectorCategory(d.id));
    w.StartObject();
    w.Key("line");
    w.Uint64(line);
    w.Key("type");
    w.String(type.data(), static_cast<rapidjson::SizeType>(type.size()));
    w.Key("category");
    w.String(category.data(), static_cast<rapidjson::SizeType>(category.size()));
    w.Key("value");
    w.String(value.constData(), static_cast<rapidjson::SizeType>(value.size()));
    w.Key("begin");
    w.Uint(d.begin);
    w.Key("end");
    w.Uint(d.end);
    w.Key("score");
    w.Double(static_cast<double>(static_cast<int>(d.score * 1000.0f + 0.5f)) / 1000.0);
    w.EndObject();
    std::fwrite(buf.GetString(), 1, buf.GetSize(), out);
    std::fputc('\n', out);
}

// One JSONL line -> the text to scan; false when the line is not a JSON string or {"text": string}.
bool jsonlText(const QByteArray& line, std::string& text)
{
    rapidjson::Document doc;
    doc.Parse(line.constData(), static_cast<std::size_t>(line.size()));
    if (doc.HasParseError())
        return false;
    if (doc.IsString()) {
        text.assign(doc.GetString(), doc.GetStringLength());
        return true;
    }
    if (doc.IsObject()) {
        const auto it = doc.FindMember("text");
        if (it != doc.MemberEnd() && it->value.IsString()) {
            text.assign(it->value.GetString(), it->value.GetStringLength());
            return true;
        }
    }
    return false;
}

} // namespace

int runScanCommand(const QStringList& args, std::FILE* out, std::FILE* err)
{
    Format format = Format::Auto;
    ScannerOptions options;
    QString path;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            std::fputs(kUsage, out);
            return 0;
        } else if (a == QLatin1String("--jsonl")) {
            format = Format::Jsonl;
        } else if (a == QLatin1String("--text")) {
            format = Format::Text;
        } else if (a == QLatin1String("--threshold")) {
            bool ok = false;
            const float t = i + 1 < args.size() ? args[++i].toFloat(&ok) : 0.0f;
            if (!ok || t < 0.0f || t > 1.0f) {
                std::fputs("tollgate scan: --threshold needs a number between 0 and 1\n", err);
                return 2;
            }
            options.injectionThreshold = t;
        } else if (a == QLatin1String("--only")) {
            if (i + 1 >= args.size()) {
                std::fputs("tollgate scan: --only needs a list of detector ids\n", err);
                return 2;
            }
            options.enabled.reset();
            for (const QString& name : args[++i].split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const auto id = detectorFromName(name.trimmed().toStdString());
                if (!id) {
                    std::fprintf(err, "tollgate scan: unknown detector '%s'\n", qPrintable(name));
                    return 2;
                }
                options.enabled.set(static_cast<std::size_t>(*id));
            }
        } else if (a.startsWith(QLatin1String("--"))) {
            std::fprintf(err, "tollgate scan: unknown option '%s'\n%s", qPrintable(a), kUsage);
            return 2;
        } else if (path.isEmpty()) {
            path = a;
        } else {
            std::fputs("tollgate scan: only one FILE may be given\n", err);
            return 2;
        }
    }

    QFile file;
    bool opened;
    if (path.isEmpty() || path == QLatin1String("-")) {
        opened = file.open(stdin, QIODevice::ReadOnly);
    } else {
        file.setFileName(path);
        opened = file.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        std::fprintf(err, "tollgate scan: cannot read %s: %s\n", path.isEmpty() ? "stdin" : qPrintable(path),
                     qPrintable(file.errorString()));
        return 2;
    }
    const QByteArray data = file.readAll();
    if (format == Format::Auto) {
        format = Format::Text;
        if (path.endsWith(QLatin1String(".jsonl")) || path.endsWith(QLatin1String(".ndjson"))) {
            format = Format::Jsonl;
        } else {
            // Every non-empty line is a JSON string or {"text": ...}: treat the input as JSONL.
            bool any = false, all = true;
            std::string scratch;
            for (const QByteArray& line : data.split('\n')) {
                if (line.trimmed().isEmpty())
                    continue;
                any = true;
                if (!jsonlText(line, scratch)) {
                    all = false;
                    break;
                }
            }
            if (any && all)
                format = Format::Jsonl;
        }
    }

    const Scanner scanner(options);
    std::vector<Detection> found;
    if (format == Format::Text) {
        const std::string_view text(data.constData(), static_cast<std::size_t>(data.size()));
        const ScanOutcome outcome = scanner.scan(text, found);
        if (!outcome.ok()) {
            std::fputs(outcome.status == ScanStatus::InputTooLarge ? "tollgate scan: input too large\n"
                                                                   : "tollgate scan: a detector failed\n",
                       err);
            return outcome.status == ScanStatus::InputTooLarge ? 2 : 1;
        }
        std::size_t line = 1, pos = 0;
        for (const Detection& d : found) {
            for (; pos < d.begin; ++pos)
                line += text[pos] == '\n' ? 1 : 0;
            printFinding(out, line, text, d);
        }
        return 0;
    }

    std::size_t lineNo = 0;
    std::string text;
    for (const QByteArray& line : data.split('\n')) {
        ++lineNo;
        if (line.trimmed().isEmpty())
            continue;
        if (!jsonlText(line, text)) {
            std::fprintf(
                err, "tollgate scan: line %zu: expected a JSON string or an object with a \"text\" string\n",
                lineNo);
            return 2;
        }
        found.clear();
        const ScanOutcome outcome = scanner.scan(text, found);
        if (!outcome.ok()) {
            std::fprintf(err, "tollgate scan: line %zu: %s\n", lineNo,
                         outcome.status == ScanStatus::InputTooLarge ? "input too large"
                                                                     : "a detector failed");
            return outcome.status == ScanStatus::InputTooLarge ? 2 : 1;
        }
        for (const Detection& d : found)
            printFinding(out, lineNo, text, d);
    }
    return 0;
}

} // namespace tollgate::guardrails
