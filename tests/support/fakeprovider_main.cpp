// tollgate-fake-provider: a FakeOpenAiServer as a process, for the e2e and benchmark scripts.
//
//   tollgate-fake-provider --port N --name NAME [--api-key KEY] [--models a,b,c] [--event-delay-ms N]
//
// Prints "listening <port>" on stdout once it accepts connections; serves until SIGTERM/SIGINT.

#include "fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
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
    parser.setApplicationDescription(QStringLiteral("Fake OpenAI-compatible provider for Tollgate's tests."));
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
    parser.addOptions({portOption, nameOption, keyOption, modelsOption, delayOption, hostOption});
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

    tollgate::testing::FakeOpenAiServer server(parser.value(nameOption));
    if (parser.isSet(keyOption))
        server.setApiKey(parser.value(keyOption).toUtf8());
    if (parser.isSet(modelsOption))
        server.setModels(parser.value(modelsOption).split(QLatin1Char(','), Qt::SkipEmptyParts));
    server.setEventDelayMs(delayMs);

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
