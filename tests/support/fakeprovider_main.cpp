// tollgate-fake-provider: a fake provider as a process, for the e2e and benchmark scripts.
//
//   tollgate-fake-provider [--kind openai|anthropic|gemini] --port N --name NAME [--api-key KEY]
//                          [--models a,b,c] [--event-delay-ms N] [--cached-prompt-tokens N]
//
// Kind openai (the default) also serves Azure OpenAI's deployment URLs.
//
// Prints "listening <port>" on stdout once it accepts connections; serves until SIGTERM/SIGINT.

#include "fakeanthropicserver.h"
#include "fakegeminiserver.h"
#include "fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <memory>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = {-1, -1};

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_signalPipe[1], &byte, 1);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tollgate-fake-provider"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fake LLM provider (OpenAI, Anthropic or Gemini wire format) "
                                                    "for Tollgate's tests."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"),
                                        QStringLiteral("Port to listen on (0 = pick one)."),
                                        QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption nameOption(QStringLiteral("name"),
                                        QStringLiteral("Server name used in replies."),
                                        QStringLiteral("name"), QStringLiteral("fake"));
    const QCommandLineOption keyOption(QStringLiteral("api-key"), QStringLiteral("Require this bearer key."),
                                       QStringLiteral("key"));
    const QCommandLineOption modelsOption(
        QStringLiteral("models"), QStringLiteral("Comma-separated model ids."), QStringLiteral("ids"));
    const QCommandLineOption delayOption(QStringLiteral("event-delay-ms"),
                                         QStringLiteral("Delay between stream events, in milliseconds."),
                                         QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption hostOption(QStringLiteral("host"),
                                        QStringLiteral("Address to bind (default 127.0.0.1)."),
                                        QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption kindOption(QStringLiteral("kind"),
                                        QStringLiteral("Wire format: openai, anthropic or gemini."),
                                        QStringLiteral("kind"), QStringLiteral("openai"));
    const QCommandLineOption cachedOption(QStringLiteral("cached-prompt-tokens"),
                                          QStringLiteral("Prompt tokens reported as cached (openai, gemini)."),
                                          QStringLiteral("n"), QStringLiteral("0"));
    parser.addOptions({portOption, nameOption, keyOption, modelsOption, delayOption, hostOption, kindOption,
                       cachedOption});
    parser.process(app);

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535) {
        std::fprintf(stderr, "invalid --port\n");
        return 2;
    }
    const int delayMs = parser.value(delayOption).toInt(&ok);
    if (!ok || delayMs < 0) {
        std::fprintf(stderr, "invalid --event-delay-ms\n");
        return 2;
    }
    const QHostAddress host(parser.value(hostOption));
    if (host.isNull()) {
        std::fprintf(stderr, "invalid --host\n");
        return 2;
    }

    const int cached = parser.value(cachedOption).toInt(&ok);
    if (!ok || cached < 0) {
        std::fprintf(stderr, "invalid --cached-prompt-tokens\n");
        return 2;
    }

    std::unique_ptr<tollgate::testing::FakeProviderServer> fake;
    const QString kind = parser.value(kindOption);
    if (kind == QLatin1String("openai"))
        fake = std::make_unique<tollgate::testing::FakeOpenAiServer>(parser.value(nameOption));
    else if (kind == QLatin1String("anthropic"))
        fake = std::make_unique<tollgate::testing::FakeAnthropicServer>(parser.value(nameOption));
    else if (kind == QLatin1String("gemini"))
        fake = std::make_unique<tollgate::testing::FakeGeminiServer>(parser.value(nameOption));
    if (!fake) {
        std::fprintf(stderr, "invalid --kind (openai, anthropic or gemini)\n");
        return 2;
    }
    tollgate::testing::FakeProviderServer& server = *fake;
    if (parser.isSet(keyOption))
        server.setApiKey(parser.value(keyOption).toUtf8());
    if (parser.isSet(modelsOption))
        server.setModels(parser.value(modelsOption).split(QLatin1Char(','), Qt::SkipEmptyParts));
    server.setEventDelayMs(delayMs);
    server.setCachedPromptTokens(cached);

    // Signals reach the event loop through a socket pair: the handler only writes one byte.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        std::perror("socketpair");
        return 1;
    }
    QSocketNotifier signalNotifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    if (!server.listen(host, quint16(port))) {
        std::fprintf(stderr, "cannot listen on %s:%u\n", qPrintable(host.toString()), port);
        return 1;
    }
    std::printf("listening %u\n", unsigned(server.port()));
    std::fflush(stdout);

    const int rc = app.exec();
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    return rc;
}
