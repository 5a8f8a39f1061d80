// The Azure OpenAI adapter: deployment URLs with api-version, the api-key header, the OpenAI body
// unchanged, Azure's content-filter-only stream chunks; and the shared OpenAI usage scan
// (cached and reasoning tokens). Also the config key api_version.
#include "adaptertest.h"

#include "config/configloader.h"
#include "providers/azureadapter.h"
#include "providers/openaiadapter.h"

using namespace tollgate;
using namespace tollgate::testing;

namespace {

const providers::AzureOpenAiAdapter& azure()
{
    static const providers::AzureOpenAiAdapter instance;
    return instance;
}

const providers::OpenAiAdapter& openAi()
{
    static const providers::OpenAiAdapter instance;
    return instance;
}

ProviderConfig azureProvider(const QString& apiVersion = {})
{
    ProviderConfig p = providerConfig(QStringLiteral("azure-openai"),
                                      QStringLiteral("https://res.openai.azure.test/"), "az-key");
    if (!apiVersion.isEmpty())
        p.apiVersion = apiVersion;
    return p;
}

// An Azure stream: a prompt-filter chunk with no choices first, content, a filter-only chunk, usage.
QByteArray azureStream()
{
    return R"(data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]})"
           "\n\n"
           R"(data: {"choices":[{"delta":{"role":"assistant","content":""},"finish_reason":null,"index":0}],"id":"c1","model":"gpt-4o","object":"chat.completion.chunk"})"
           "\n\n"
           R"(data: {"choices":[{"delta":{"content":"Hi"},"finish_reason":null,"index":0,"content_filter_results":{}}],"id":"c1","model":"gpt-4o","object":"chat.completion.chunk"})"
           "\n\n"
           R"(data: {"choices":[{"delta":{},"finish_reason":"stop","index":0}],"id":"c1","model":"gpt-4o","object":"chat.completion.chunk"})"
           "\n\n"
           R"(data: {"choices":[],"id":"c1","model":"gpt-4o","object":"chat.completion.chunk","usage":{"prompt_tokens":8,"completion_tokens":1,"total_tokens":9,"prompt_tokens_details":{"cached_tokens":3},"completion_tokens_details":{"reasoning_tokens":0}}})"
           "\n\n"
           "data: [DONE]\n\n";
}

} // namespace

class TestAzureAdapter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chatUrlAndHeaders_data();
    void chatUrlAndHeaders();
    void bodyIsTheOpenAiBody();
    void embeddingsUrl();
    void streamDropsFilterOnlyChunks();
    void openAiStillForwardsEmptyChoiceChunks();
    void usageWithCachedAndReasoningTokens();
    void errorMessages();
    void configApiVersion();
};

void TestAzureAdapter::chatUrlAndHeaders_data()
{
    QTest::addColumn<QString>("deployment");
    QTest::addColumn<QString>("apiVersion");
    QTest::addColumn<QByteArray>("url");
    QTest::newRow("default version") << QStringLiteral("gpt4o-prod") << QString()
                                     << QByteArray("https://res.openai.azure.test/openai/deployments/"
                                                   "gpt4o-prod/chat/completions?api-version=2024-10-21");
    QTest::newRow("preview version") << QStringLiteral("gpt4o-prod") << QStringLiteral("2025-01-01-preview")
                                     << QByteArray(
                                            "https://res.openai.azure.test/openai/deployments/gpt4o-prod/"
                                            "chat/completions?api-version=2025-01-01-preview");
    QTest::newRow("deployment encoded") << QStringLiteral("my/dep?x") << QString()
                                        << QByteArray("https://res.openai.azure.test/openai/deployments/"
                                                      "my%2Fdep%3Fx/chat/completions?api-version=2024-10-21");
}

void TestAzureAdapter::chatUrlAndHeaders()
{
    QFETCH(QString, deployment);
    QFETCH(QString, apiVersion);
    QFETCH(QByteArray, url);
    auto request = chatRequest(R"({"model":"chat","messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(request);
    auto built = azure().buildChatRequest(*request, azureProvider(apiVersion), modelConfig(deployment));
    QVERIFY(built);
    QCOMPARE(QByteArray::fromStdString(built->url), url);
    QCOMPARE(headerOf(*built, "api-key"), QByteArray("az-key"));
    QVERIFY(headerOf(*built, "authorization").isEmpty());
}

void TestAzureAdapter::bodyIsTheOpenAiBody()
{
    const QByteArray body =
        R"({"model":"chat","messages":[{"role":"user","content":"hi"}],"stream":true,"tools":[{"type":"function","function":{"name":"f"}}],"x_extra":[1]})";
    auto a = chatRequest(body);
    auto b = chatRequest(body);
    QVERIFY(a && b);
    auto viaAzure = azure().buildChatRequest(*a, azureProvider(), modelConfig(QStringLiteral("dep")));
    auto viaOpenAi = openAi().buildChatRequest(
        *b, providerConfig(QStringLiteral("openai"), QStringLiteral("https://api.openai.test/v1")),
        modelConfig(QStringLiteral("dep")));
    QVERIFY(viaAzure && viaOpenAi);
    QCOMPARE(viaAzure->body, viaOpenAi->body);
    QVERIFY(viaAzure->body.contains(R"("include_usage":true)"));
    QCOMPARE(QByteArray::fromStdString(viaOpenAi->url),
             QByteArray("https://api.openai.test/v1/chat/completions"));
    QCOMPARE(headerOf(*viaOpenAi, "authorization"), QByteArray("Bearer sk-test"));
}

void TestAzureAdapter::embeddingsUrl()
{
    QVERIFY(azure().supportsEmbeddings());
    auto request = embeddingsRequest(R"({"model":"embed","input":["a"]})");
    QVERIFY(request);
    auto built =
        azure().buildEmbeddingsRequest(*request, azureProvider(), modelConfig(QStringLiteral("emb-dep")));
    QVERIFY(built);
    QCOMPARE(
        QByteArray::fromStdString(built->url),
        QByteArray(
            "https://res.openai.azure.test/openai/deployments/emb-dep/embeddings?api-version=2024-10-21"));
    QCOMPARE(json(built->body).toObject()["model"].toString(), QStringLiteral("emb-dep"));
}

void TestAzureAdapter::streamDropsFilterOnlyChunks()
{
    for (bool wantsUsage : {false, true}) {
        auto request = chatRequest(
            wantsUsage
                ? R"({"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]})"
                : R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})");
        QVERIFY(request);
        const StreamRun run = runStream(azure(), *request, azureStream(), 7);
        QVERIFY(run.ok && run.complete);
        const QList<QByteArray> data = sseData(run.out);
        QCOMPARE(data.size(), wantsUsage ? 5 : 4);
        QVERIFY(!data.first().contains("prompt_filter_results"));
        if (wantsUsage)
            QVERIFY(json(data[3]).toObject().contains("usage"));
        QCOMPARE(data.last(), QByteArray("[DONE]"));
        QCOMPARE(run.usage.inputTokens, 8);
        QCOMPARE(run.usage.cachedInputTokens, 3);
    }
}

void TestAzureAdapter::openAiStillForwardsEmptyChoiceChunks()
{
    auto request = chatRequest(R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(request);
    const StreamRun run = runStream(openAi(), *request, azureStream(), 0);
    QVERIFY(run.ok && run.complete);
    QVERIFY(sseData(run.out).first().contains("prompt_filter_results")); // pass-through stays byte for byte
}

void TestAzureAdapter::usageWithCachedAndReasoningTokens()
{
    const QByteArray answer =
        R"({"id":"c","object":"chat.completion","model":"o3","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}],
        "usage":{"prompt_tokens":100,"completion_tokens":40,"total_tokens":140,"prompt_tokens_details":{"cached_tokens":64,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":32,"audio_tokens":0}}})";
    auto translated = azure().translateChatResponse(answer);
    QVERIFY(translated);
    QCOMPARE(translated->body, answer); // untouched
    QCOMPARE(translated->usage.inputTokens, 100);
    QCOMPARE(translated->usage.outputTokens, 40);
    QCOMPARE(translated->usage.cachedInputTokens, 64);
    QCOMPARE(translated->usage.reasoningTokens, 32);
    // Numbers elsewhere in the answer are not mistaken for usage.
    auto other = openAi().translateChatResponse(
        R"({"usage":{"prompt_tokens":5,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":2}},"choices":[{"index":0,"message":{"cached_tokens":99,"reasoning_tokens":98}}]})");
    QVERIFY(other);
    QCOMPARE(other->usage.cachedInputTokens, 2);
    QCOMPARE(other->usage.reasoningTokens, 0);
    QVERIFY(!openAi().translateChatResponse(
        R"({"choices":[],"usage":{"completion_tokens_details":{"reasoning_tokens":"many"}}})"));
}

void TestAzureAdapter::errorMessages()
{
    QCOMPARE(
        azure().errorMessage(
            R"({"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded call rate limit."}})"),
        QStringLiteral("Requests to the ChatCompletions_Create Operation have exceeded call rate limit."));
    QCOMPARE(
        azure().errorMessage(
            R"({"error":{"code":"content_filter","message":"The response was filtered","param":"prompt","status":400}})"),
        QStringLiteral("The response was filtered"));
}

void TestAzureAdapter::configApiVersion()
{
    const auto load = [](const QByteArray& extra, const char* kind = "azure-openai") {
        const QByteArray yaml = "providers:\n"
                                "  - name: az\n"
                                "    kind: " +
                                QByteArray(kind) +
                                "\n"
                                "    base_url: https://res.openai.azure.com\n"
                                "    region: eu\n" +
                                extra +
                                "    models:\n"
                                "      - name: gpt4o-prod\n";
        return ConfigLoader::loadText(yaml, [](const QString&) { return QByteArray(); });
    };
    ConfigLoadResult defaults = load({});
    QVERIFY(defaults.ok());
    QCOMPARE(defaults.config->providers.at(0).apiVersion, QStringLiteral("2024-10-21"));

    ConfigLoadResult custom = load("    api_version: 2025-01-01-preview\n");
    QVERIFY(custom.ok());
    QCOMPARE(custom.config->providers.at(0).apiVersion, QStringLiteral("2025-01-01-preview"));

    ConfigLoadResult bad = load("    api_version: \"2024 10&x=1\"\n");
    QVERIFY(!bad.ok());
    QCOMPARE(bad.issues.at(0).line, 6);
    QVERIFY(bad.issues.at(0).message.contains(QLatin1String("api_version")));

    ConfigLoadResult elsewhere = load("    api_version: 2024-10-21\n", "openai");
    QVERIFY(elsewhere.ok());
    QCOMPARE(int(elsewhere.issues.size()), 1);
    QCOMPARE(elsewhere.issues.at(0).severity, ConfigIssue::Severity::Warning);
    QVERIFY(elsewhere.issues.at(0).message.contains(QLatin1String("only used by kind azure-openai")));
}

QTEST_GUILESS_MAIN(TestAzureAdapter)
#include "tst_azureadapter.moc"
