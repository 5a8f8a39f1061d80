// Translation cost per provider kind: a 4 KB chat request decoded and built for the provider, and
// a 200-event stream translated back to OpenAI chunks. Prints microseconds per request and per
// event (medians of several rounds). Run: build/bench/tollgate-bench-translators
#include "api/requests.h"
#include "providers/provideradapter.h"

#include <QCoreApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace tollgate;
using Clock = std::chrono::steady_clock;

namespace {

QByteArray chatRequest4k()
{
    QByteArray text;
    while (text.size() < 3200)
        text += "The shipment left the warehouse on Monday and is due on Friday; please confirm the dock slot. ";
    return R"({"model":"bench","max_tokens":512,"temperature":0.2,"messages":[{"role":"system","content":"You are a logistics assistant. Answer briefly."},{"role":"user","content":")"
           + text
           + R"("},{"role":"assistant","content":"Which order number?"},{"role":"user","content":"Order 4711."}],"tools":[{"type":"function","function":{"name":"track","description":"Track an order","parameters":{"type":"object","properties":{"order":{"type":"string"}},"required":["order"]}}}]})";
}

QByteArray openAiStream(int events)
{
    QByteArray s;
    for (int i = 0; i < events - 1; ++i)
        s += R"(data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" word"},"finish_reason":null}]})"
             "\n\n";
    s += "data: [DONE]\n\n";
    return s;
}

QByteArray anthropicStream(int events)
{
    QByteArray s = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                   "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":900,"
                   "\"output_tokens\":1}}}\n\n"
                   "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                   "{\"type\":\"text\",\"text\":\"\"}}\n\n";
    for (int i = 0; i < events - 5; ++i)
        s += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
             "\"text_delta\",\"text\":\" word\"}}\n\n";
    s += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
         "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":"
         "{\"output_tokens\":195}}\n\n"
         "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    return s;
}

QByteArray geminiStream(int events)
{
    QByteArray s;
    for (int i = 0; i < events - 1; ++i)
        s += R"(data: {"candidates":[{"content":{"parts":[{"text":" word"}],"role":"model"},"index":0}],"modelVersion":"m"})"
             "\r\n\r\n";
    s += R"(data: {"candidates":[{"content":{"parts":[{"text":"."}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":900,"candidatesTokenCount":200,"totalTokenCount":1100}})"
         "\r\n\r\n";
    return s;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QByteArray body = chatRequest4k();
    constexpr int kEvents = 200;
    constexpr int kRequests = 2000;
    constexpr int kStreams = 200;
    constexpr int kRounds = 7;
    struct Kind
    {
        const char* kind;
        QByteArray stream;
    };
    const Kind kinds[] = {{"openai", openAiStream(kEvents)},
                          {"azure-openai", openAiStream(kEvents)},
                          {"anthropic", anthropicStream(kEvents)},
                          {"gemini", geminiStream(kEvents)}};
    std::printf("Translation cost (median of %d rounds); request: %lld bytes; stream: %d events\n\n", kRounds,
                static_cast<long long>(body.size()), kEvents);
    std::printf("| kind | µs per 4 KB request (decode + build) | µs per stream event |\n|---|---:|---:|\n");
    int failures = 0;
    for (const Kind& k : kinds) {
        ProviderConfig provider;
        provider.name = QStringLiteral("p");
        provider.kind = QString::fromLatin1(k.kind);
        provider.baseUrl = QStringLiteral("https://example.invalid/v1");
        provider.region = QStringLiteral("eu");
        ModelConfig model;
        model.name = QStringLiteral("model-x");
        provider.models.push_back(model);
        const providers::ProviderAdapter* adapter = providers::adapterForKind(provider.kind);
        std::vector<double> requestUs;
        std::vector<double> eventUs;
        for (int round = 0; round < kRounds; ++round) {
            auto start = Clock::now();
            for (int i = 0; i < kRequests; ++i) {
                auto decoded = api::decodeChatRequest(body);
                auto& request = std::get<api::ChatRequest>(decoded);
                auto built = adapter->buildChatRequest(request, provider, provider.models.front());
                if (!built)
                    ++failures;
            }
            requestUs.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count() / kRequests);

            auto decoded = api::decodeChatRequest(R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})");
            const auto& streamRequest = std::get<api::ChatRequest>(decoded);
            QByteArray out;
            start = Clock::now();
            for (int i = 0; i < kStreams; ++i) {
                auto translator = adapter->newChatStream(streamRequest);
                out.resize(0); // keeps the capacity, as the gateway does
                if (!translator->feed(std::string_view(k.stream.constData(), size_t(k.stream.size())), out)
                    || out.isEmpty())
                    ++failures;
            }
            eventUs.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count()
                              / (double(kStreams) * kEvents));
        }
        std::printf("| %s | %.2f | %.3f |\n", k.kind, median(requestUs), median(eventUs));
    }
    std::printf("\nTargets: under 20 µs per request and under 2 µs per stream event.\n");
    if (failures)
        std::printf("%d translations failed\n", failures);
    return failures ? 1 : 0;
}
