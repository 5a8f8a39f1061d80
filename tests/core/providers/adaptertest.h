#pragma once

// Helpers shared by the adapter unit tests (header-only, one test executable each).

#include "api/requests.h"
#include "config/gatewayconfig.h"
#include "providers/provideradapter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <optional>

namespace tollgate::testing {

inline std::optional<api::ChatRequest> chatRequest(const QByteArray& body)
{
    auto decoded = api::decodeChatRequest(body);
    if (auto* request = std::get_if<api::ChatRequest>(&decoded))
        return std::move(*request);
    qWarning().noquote() << "decode failed:" << std::get<api::ApiError>(decoded).message;
    return std::nullopt;
}

inline std::optional<api::EmbeddingsRequest> embeddingsRequest(const QByteArray& body)
{
    auto decoded = api::decodeEmbeddingsRequest(body);
    if (auto* request = std::get_if<api::EmbeddingsRequest>(&decoded))
        return std::move(*request);
    return std::nullopt;
}

inline ProviderConfig providerConfig(const QString& kind, const QString& baseUrl,
                                     const QByteArray& key = "sk-test")
{
    ProviderConfig p;
    p.name = QStringLiteral("p");
    p.kind = kind;
    p.baseUrl = baseUrl;
    p.region = QStringLiteral("eu");
    p.apiKey.source = SecretRef::Source::Literal;
    p.apiKey.value = key;
    return p;
}

inline QByteArray headerOf(const http::UpstreamRequest& request, std::string_view name)
{
    const std::string_view v = request.headers.value(name);
    return QByteArray(v.data(), qsizetype(v.size()));
}

inline ModelConfig modelConfig(const QString& name)
{
    ModelConfig m;
    m.name = name;
    return m;
}

inline QJsonValue json(const QByteArray& text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning().noquote() << "not JSON:" << text;
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

inline QString pretty(const QJsonValue& v)
{
    return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson()
                                         : QJsonDocument(v.toObject()).toJson());
}

// Compares two JSON texts as values (member order does not matter) and prints both on failure.
#define COMPARE_JSON(actual, expected)                                                                       \
    do {                                                                                                     \
        const QJsonValue actual_ = tollgate::testing::json(actual);                                          \
        const QJsonValue expected_ = tollgate::testing::json(expected);                                      \
        if (actual_ != expected_) {                                                                          \
            qWarning().noquote() << "actual:\n"                                                              \
                                 << tollgate::testing::pretty(actual_) << "\nexpected:\n"                    \
                                 << tollgate::testing::pretty(expected_);                                    \
        }                                                                                                    \
        QVERIFY(actual_ == expected_);                                                                       \
    } while (false)

// The `data:` payloads of client-ready SSE bytes, in order.
inline QList<QByteArray> sseData(const QByteArray& bytes)
{
    QList<QByteArray> out;
    for (const QByteArray& event : bytes.split('\n')) {
        if (event.startsWith("data: "))
            out.append(event.mid(6));
    }
    return out;
}

// Output with what legitimately differs between two runs (timestamps, generated ids) masked.
inline QByteArray normalized(QByteArray bytes)
{
    static const QRegularExpression created(QStringLiteral("\"created\":\\d+"));
    static const QRegularExpression generated(QStringLiteral("(call_|chatcmpl-)[0-9a-f]{24}"));
    QString text = QString::fromUtf8(bytes);
    text.replace(created, QStringLiteral("\"created\":0"));
    text.replace(generated, QStringLiteral("\\1X"));
    return text.toUtf8();
}

struct StreamRun
{
    QByteArray out;
    bool ok = true;
    bool complete = false;
    providers::Usage usage;
    QString error; // streamError() after a failed feed
};

// Feeds `wire` to a fresh translator in pieces of `step` bytes (0: all at once).
inline StreamRun runStream(const providers::ProviderAdapter& adapter, const api::ChatRequest& request,
                           const QByteArray& wire, int step)
{
    StreamRun run;
    auto stream = adapter.newChatStream(request);
    const int size = int(wire.size());
    const int chunk = step <= 0 ? std::max(size, 1) : step;
    for (int at = 0; at < size && run.ok; at += chunk)
        run.ok = stream->feed(std::string_view(wire.constData() + at, size_t(std::min(chunk, size - at))),
                              run.out);
    run.complete = stream->complete();
    if (!run.ok)
        run.error = stream->streamError();
    run.usage = stream->usage();
    return run;
}

} // namespace tollgate::testing
