#pragma once

#include <QString>
#include <QStringList>

class QSettings;

namespace tollgate::ui {

// The desktop manager's own preferences, kept in QSettings (never in the gateway's config or
// store). An empty listenHost / zero listenPort / empty dataDir means "as the config file and the
// command line say"; the user's choice, once made, wins on the next start of the gateway.
struct AppSettings
{
    QString listenHost;
    quint16 listenPort = 0;
    QString dataDir;
    QString displayCurrency = QStringLiteral("USD"); // ISO 4217
    QString language = QStringLiteral("en");         // one of supportedLanguages()
    bool startInTray = false;
    bool keepRunningInTray = false;

    static AppSettings load(const QSettings& settings);
    void save(QSettings& settings) const;
    // Convenience: the application's default QSettings.
    static AppSettings load();
    void save() const;

    // "en", "de", "fr", "hi", in the order the Settings panel lists them.
    static QStringList supportedLanguages();
    // A language's own name ("Deutsch", "हिन्दी"): never translated, so it can always be found.
    static QString languageName(const QString& code);
    // Whether code is an ISO 4217 currency in use, as Qt's locale data knows them (upper case).
    static bool isKnownCurrency(const QString& code);
    static QStringList knownCurrencies(); // sorted
    // A listen host the gateway can bind: an IPv4/IPv6 address or "localhost".
    static bool isValidListenHost(const QString& host);
};

} // namespace tollgate::ui
