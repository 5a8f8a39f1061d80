// tollgate: the composition root. `serve` runs headless; no subcommand opens the desktop manager
// (when built with it and a display is available), otherwise serves headless.
#include "audit/auditcommand.h"
#include "budget/budgetcommands.h"
#include "common/sqliteprocess.h"
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "guardrails/scancommand.h"
#include "secrets/secretstore.h"

#ifdef TOLLGATE_WITH_GUI
#include "demo/demomode.h"
#include "mainwindow/mainwindow.h"
#include "panels/settings/appsettings.h"
#include "widgets/languages.h"
#include "widgets/uiprobe.h"
#include <QApplication>
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace tollgate;

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}
QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

int g_signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char byte = static_cast<char>(signal);
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

// SIGINT/SIGTERM call `stop` (which ends the process cleanly, flushing the request log); SIGHUP
// reloads the config.
void installSignalHandlers(QObject* context, std::function<void()> reload, std::function<void()> stop)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context,
                     [reload = std::move(reload), stop = std::move(stop)] {
                         char byte = 0;
                         if (::read(g_signalPipe[0], &byte, 1) != 1)
                             return;
                         if (byte == SIGHUP)
                             reload();
                         else
                             stop();
                     });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGHUP, &action, nullptr);
}

void printIssues(const std::vector<ConfigIssue>& issues, const QString& fileName)
{
    for (const ConfigIssue& issue : issues)
        err() << issue.format(fileName) << '\n';
    err().flush();
}

// Loads --config FILE, or the embedded default; applies --listen. Null (and messages printed) on error.
std::shared_ptr<GatewayConfig> loadServeConfig(const QString& path, const QString& listen, SecretStore* secrets)
{
    const QString shown = path.isEmpty() ? QStringLiteral("<embedded default>") : path;
    ConfigLoadResult result;
    if (path.isEmpty()) {
        QFile file(QStringLiteral(":/config/default.yaml"));
        if (!file.open(QIODevice::ReadOnly)) {
            err() << "tollgate: the embedded default configuration is missing\n";
            return nullptr;
        }
        result = ConfigLoader::loadText(file.readAll());
    } else {
        result = ConfigLoader::loadFile(path, {}, secrets ? secrets->lookup() : ConfigLoader::SecretLookup());
    }
    printIssues(result.issues, shown);
    if (!result.ok())
        return nullptr;
    if (!listen.isEmpty()) {
        ConfigLoadResult listenResult =
            ConfigLoader::loadText(QStringLiteral("server: {listen: \"%1\"}").arg(listen).toUtf8());
        if (!listenResult.ok()) {
            err() << "tollgate: invalid --listen '" << listen << "': expected HOST:PORT, e.g. 127.0.0.1:4000\n";
            return nullptr;
        }
        result.config->server.listenHost = listenResult.config->server.listenHost;
        result.config->server.listenPort = listenResult.config->server.listenPort;
    }
    return result.config;
}

QString defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

// --demo and --demo-rate: the desktop manager starts in demo mode (for trying it out, and for the
// desktop bench, bench/ui/run.sh).
struct DemoOptions
{
    bool start = false;
    double requestsPerSecond = 0; // 0: the demo's default
};

int runGateway(QCoreApplication& app, QString configPath, const QString& listen, QString dataDir, bool withWindow,
               const DemoOptions& demoOptions = {})
{
    if (dataDir.isEmpty())
        dataDir = defaultDataDir();
    // Provider keys saved by the desktop manager ("secret:NAME"); a server without a keychain
    // uses the encrypted file in the data dir.
    SecretStore secrets(SecretStore::Options{dataDir});
    // The desktop manager keeps its config in the data dir; on the first run there is none, and the
    // window opens on its welcome page (add a provider, or try the demo).
    const QString userConfigPath = QDir(dataDir).filePath(QStringLiteral("tollgate.yaml"));
    std::shared_ptr<GatewayConfig> config;
    if (withWindow && configPath.isEmpty() && !QFile::exists(userConfigPath)) {
        ConfigLoadResult empty = ConfigLoader::loadText("providers: []\n");
        config = empty.config;
    } else {
        if (withWindow && configPath.isEmpty())
            configPath = userConfigPath;
        config = loadServeConfig(configPath, listen, &secrets);
    }
    if (!config)
        return 1;
    Gateway gateway;
    int exitCode = 0;
#ifdef TOLLGATE_WITH_GUI
    // The window comes up at once and follows the gateway through its signals; a failed start is
    // shown there (and can be retried) instead of ending the process.
    std::unique_ptr<ui::MainWindow> window;
    if (withWindow) {
        ui::installLanguage(ui::AppSettings::load().language);
        window = std::make_unique<ui::MainWindow>(&gateway, config, dataDir);
        window->setConfigStorage(configPath.isEmpty() ? userConfigPath : configPath, &secrets);
        window->showOnStart();
        if (auto* demo = window->findChild<demo::DemoMode*>(); demo && demoOptions.requestsPerSecond > 0)
            demo->setTrafficRate(demoOptions.requestsPerSecond);
        ui::UiProbe::fromEnvironment(&gateway, window.get()); // owned by the window; off unless asked
    }
#else
    Q_UNUSED(withWindow);
    Q_UNUSED(demoOptions);
#endif
    QObject::connect(&gateway, &Gateway::started, &app, [&](const QString& address) {
        out() << "Tollgate listening on http://" << address << " (request log: " << gateway.databasePath()
              << ")" << Qt::endl;
    });
    QObject::connect(&gateway, &Gateway::startFailed, &app, [&](const QString& error) {
        err() << "tollgate: " << error << Qt::endl;
#ifdef TOLLGATE_WITH_GUI
        if (window)
            return;
#endif
        exitCode = 1;
        app.exit(1);
    });
    installSignalHandlers(
        &app,
        [&] {
            std::shared_ptr<GatewayConfig> reloaded = loadServeConfig(configPath, listen, &secrets);
            if (!reloaded) {
                err() << "tollgate: configuration not reloaded; the running one stays in force" << Qt::endl;
                return;
            }
            gateway.applyConfig(reloaded);
            out() << "Tollgate: configuration reloaded" << Qt::endl;
        },
        [&] {
            // Served headless, the first signal drains: requests in flight (streams included) finish
            // while nothing new is accepted. A second one, or the desktop manager, stops at once.
            bool drain = gateway.isRunning() && !gateway.isDraining();
#ifdef TOLLGATE_WITH_GUI
            drain = drain && !window;
#endif
            const int timeoutMs = gateway.config() ? gateway.config()->server.drainTimeoutMs : 0;
            if (!drain || timeoutMs <= 0) {
                QCoreApplication::quit();
                return;
            }
            out() << "Tollgate: stopping; requests in flight have up to " << timeoutMs / 1000.0
                  << " s to finish (signal again to stop now)" << Qt::endl;
            QObject::connect(&gateway, &Gateway::stopped, &app, &QCoreApplication::quit);
            gateway.drain(timeoutMs);
        });
#ifdef TOLLGATE_WITH_GUI
    if (window && demoOptions.start)
        window->startDemo(); // as the welcome page's "Try the demo"
    else if (window)
        window->startGateway(); // the same path as its Start action, so its state says "starting"
    else
#endif
        gateway.start(config, dataDir);
    const int code = app.exec();
    gateway.stop();
    return exitCode ? exitCode : code;
}

int configCheck(const QString& path)
{
    SecretStore secrets(SecretStore::Options{defaultDataDir()});
    const ConfigLoadResult result = ConfigLoader::loadFile(path, {}, secrets.lookup());
    printIssues(result.issues, path);
    if (!result.ok())
        return 1;
    out() << path << ": OK (" << result.config->providers.size() << " providers, " << result.config->routes.size()
          << " routes)" << Qt::endl;
    return 0;
}

#ifdef TOLLGATE_WITH_GUI
bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}
#endif

// Index of the subcommand in argv (the first word that is neither an option nor the value of one
// of the options below written as two words, `--config FILE`), 0 when there is none.
int findCommand(int argc, char** argv)
{
    static const char* const withValue[] = {"-c", "--config", "-l", "--listen", "-d", "--data-dir", "--demo-rate"};
    for (int i = 1; i < argc; ++i) {
        if (argv[i][0] != '-')
            return i;
        for (const char* option : withValue) {
            if (qstrcmp(argv[i], option) == 0) {
                ++i; // its value
                break;
            }
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    // Before anything opens a database.
    tollgate::configureSqliteProcess();
    // Qt's own poll-based dispatcher costs less per event than the GLib one, and the gateway's
    // worker thread handles tens of thousands of socket events a second. Nothing here needs GLib.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    // The kind of application object depends on the subcommand: find it before creating one.
    const int commandIndex = findCommand(argc, argv);
    const QString command = commandIndex > 0 ? QString::fromLocal8Bit(argv[commandIndex]) : QString();
    bool gui = false;
#ifdef TOLLGATE_WITH_GUI
    // With --demo, a platform chosen through QT_QPA_PLATFORM (offscreen, for the desktop bench)
    // counts as a display too.
    bool demoAsked = false;
    for (int i = 1; i < argc; ++i)
        demoAsked = demoAsked || qstrncmp(argv[i], "--demo", 6) == 0;
    gui = command.isEmpty() && (hasDisplay() || (demoAsked && !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")));
    std::unique_ptr<QCoreApplication> app(gui ? new QApplication(argc, argv) : new QCoreApplication(argc, argv));
#else
    std::unique_ptr<QCoreApplication> app(new QCoreApplication(argc, argv));
#endif
    QCoreApplication::setApplicationName(QStringLiteral("tollgate"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("tollgate.org"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOLLGATE_VERSION));

    // Subcommands with options of their own get the words after their name.
    if (commandIndex > 0) {
        QStringList rest;
        for (int i = commandIndex + 1; i < argc; ++i)
            rest.append(QString::fromLocal8Bit(argv[i]));
        if (command == QLatin1String("scan"))
            return guardrails::runScanCommand(rest, stdout, stderr);
        if (command == QLatin1String("audit"))
            return runAuditCommand(rest, stdout, stderr);
        if (command == QLatin1String("keys"))
            return budget::runKeysCommand(rest, stdout, stderr);
        if (command == QLatin1String("spend"))
            return budget::runSpendCommand(rest, stdout, stderr);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main",
        "Tollgate, a sovereign LLM gateway.\n\n"
        "Commands:\n"
        "  (none)                 open the desktop manager (headless: serve with the default config)\n"
        "  serve                  run the gateway headless\n"
        "  config check FILE      validate a config file; every problem with its line, exit 1 on error\n"
        "  scan [FILE]            run the guardrail detectors over a text or JSONL file (or stdin)\n"
        "  keys create|list|revoke  virtual keys (tollgate keys --help)\n"
        "  spend                  spend per key, team, provider, model or day as CSV\n"
        "  audit verify|proof|export  check the decision ledger, prove a record, export evidence"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(QStringList{QStringLiteral("c"), QStringLiteral("config")},
                                          QCoreApplication::translate("main", "Configuration file (YAML or JSON)."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption listenOption(QStringList{QStringLiteral("l"), QStringLiteral("listen")},
                                          QCoreApplication::translate("main", "Listen address, overriding the config."),
                                          QStringLiteral("HOST:PORT"));
    const QCommandLineOption dataDirOption(QStringList{QStringLiteral("d"), QStringLiteral("data-dir")},
                                           QCoreApplication::translate("main", "Directory for the database."),
                                           QStringLiteral("DIR"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QCoreApplication::translate("main", "Desktop manager: start in demo mode (simulated providers and traffic)."));
    const QCommandLineOption demoRateOption(
        QStringLiteral("demo-rate"),
        QCoreApplication::translate("main", "Demo traffic in requests per second (default 4, at most 5000)."),
        QStringLiteral("N"));
    parser.addOptions({configOption, listenOption, dataDirOption, demoOption, demoRateOption});
    parser.addPositionalArgument(QStringLiteral("command"), QCoreApplication::translate("main", "serve | config check FILE"));
    parser.process(*app);

    const QStringList args = parser.positionalArguments();
    const QString configPath = parser.value(configOption);
    const QString listen = parser.value(listenOption);
    const QString dataDir = parser.value(dataDirOption);

    DemoOptions demoOptions;
    demoOptions.start = parser.isSet(demoOption);
    if (parser.isSet(demoRateOption)) {
        bool ok = false;
        demoOptions.requestsPerSecond = parser.value(demoRateOption).toDouble(&ok);
        if (!ok || demoOptions.requestsPerSecond <= 0 || demoOptions.requestsPerSecond > 5000) {
            err() << "tollgate: invalid --demo-rate '" << parser.value(demoRateOption)
                  << "': expected requests per second, more than 0 and at most 5000" << Qt::endl;
            return 2;
        }
    }
    if ((demoOptions.start || parser.isSet(demoRateOption)) && !(args.isEmpty() && gui)) {
        err() << "tollgate: --demo and --demo-rate=N are for the desktop manager (no subcommand, with a display)"
              << Qt::endl;
        return 2;
    }

    if (args.isEmpty())
        return runGateway(*app, configPath, listen, dataDir, gui, demoOptions);
    if (args[0] == QLatin1String("serve") && args.size() == 1)
        return runGateway(*app, configPath, listen, dataDir, false);
    if (args[0] == QLatin1String("config") && args.size() == 3 && args[1] == QLatin1String("check"))
        return configCheck(args[2]);
    err() << "tollgate: unknown command '" << args.join(QLatin1Char(' ')) << "'; see tollgate --help" << Qt::endl;
    return 2;
}
