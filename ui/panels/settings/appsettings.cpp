#include "panels/settings/appsettings.h"

#include <QHostAddress>
#include <QLocale>
#include <QSet>
#include <QSettings>

#include <algorithm>

namespace tollgate::ui {

namespace {

const QString ListenHostKey = QStringLiteral("gateway/listenHost");
const QString ListenPortKey = QStringLiteral("gateway/listenPort");
const QString DataDirKey = QStringLiteral("gateway/dataDir");
const QString CurrencyKey = QStringLiteral("display/currency");
const QString LanguageKey = QStringLiteral("display/language");
const QString StartInTrayKey = QStringLiteral("tray/startInTray");
const QString KeepRunningKey = QStringLiteral("tray/keepRunning");

const QSet<QString>& currencySet()
{
    static const QSet<QString> codes = [] {
        QSet<QString> result;
        const QList<QLocale> locales =
            QLocale::matchingLocales(QLocale::AnyLanguage, QLocale::AnyScript, QLocale::AnyTerritory);
        for (const QLocale& locale : locales) {
            const QString code = locale.currencySymbol(QLocale::CurrencyIsoCode);
            if (code.size() == 3)
                result.insert(code);
        }
        return result;
    }();
    return codes;
}

} // namespace

AppSettings AppSettings::load(const QSettings& settings)
{
    AppSettings result;
    result.listenHost = settings.value(ListenHostKey).toString();
    const int port = settings.value(ListenPortKey, 0).toInt();
    result.listenPort = port > 0 && port <= 65535 ? quint16(port) : 0;
    if (!isValidListenHost(result.listenHost))
        result.listenHost.clear();
    result.dataDir = settings.value(DataDirKey).toString();
    const QString currency = settings.value(CurrencyKey).toString();
    if (isKnownCurrency(currency))
        result.displayCurrency = currency;
    const QString language = settings.value(LanguageKey).toString();
    if (supportedLanguages().contains(language))
        result.language = language;
    result.startInTray = settings.value(StartInTrayKey, false).toBool();
    result.keepRunningInTray = settings.value(KeepRunningKey, false).toBool();
    return result;
}

void AppSettings::save(QSettings& settings) const
{
    const auto setOrRemove = [&settings](const QString& key, const QVariant& value, bool present) {
        if (present)
            settings.setValue(key, value);
        else
            settings.remove(key);
    };
    setOrRemove(ListenHostKey, listenHost, !listenHost.isEmpty());
    setOrRemove(ListenPortKey, int(listenPort), listenPort != 0);
    setOrRemove(DataDirKey, dataDir, !dataDir.isEmpty());
    settings.setValue(CurrencyKey, displayCurrency);
    settings.setValue(LanguageKey, language);
    settings.setValue(StartInTrayKey, startInTray);
    settings.setValue(KeepRunningKey, keepRunningInTray);
    settings.sync();
}

AppSettings AppSettings::load()
{
    const QSettings settings;
    return load(settings);
}

void AppSettings::save() const
{
    QSettings settings;
    save(settings);
}

QStringList AppSettings::supportedLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr"), QStringLiteral("hi")};
}

QString AppSettings::languageName(const QString& code)
{
    if (code == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (code == QLatin1String("fr"))
        return QStringLiteral("Français");
    if (code == QLatin1String("hi"))
        return QStringLiteral("हिन्दी");
    return QStringLiteral("English");
}

bool AppSettings::isKnownCurrency(const QString& code)
{
    return currencySet().contains(code);
}

QStringList AppSettings::knownCurrencies()
{
    QStringList codes(currencySet().cbegin(), currencySet().cend());
    std::sort(codes.begin(), codes.end());
    return codes;
}

bool AppSettings::isValidListenHost(const QString& host)
{
    if (host == QLatin1String("localhost"))
        return true;
    QHostAddress address;
    return address.setAddress(host);
}

} // namespace tollgate::ui
