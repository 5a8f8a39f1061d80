// The Settings panel driven through its widgets: valid changes are saved to QSettings at once and
// read back, invalid ones (a currency that is not ISO 4217, a host that is not an address) are
// shown and not saved, a changed listen address or data folder asks for a gateway restart while
// the gateway runs, and the main window honours "keep running in the tray" when it is closed.
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "mainwindow/mainwindow.h"
#include "panels/settings/appsettings.h"
#include "panels/settings/settingspanel.h"

#include <QCheckBox>
#include <algorithm>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::ui;

class TestSettingsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void defaultsWithNothingStored();
    void currencyIsValidated_data();
    void currencyIsValidated();
    void listenAddressAndDataFolderAreSaved();
    void invalidHostIsNotSaved();
    void restartNoticeWhileRunning();
    void trayOptionsAndLanguageAreSaved();
    void settingsPanelIsInTheNavigation();
    void closeHonoursKeepRunningInTray();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSettingsPanel::init()
{
    // Every test gets its own, empty settings file: nothing leaks between tests or from the user.
    m_dir = std::make_unique<QTemporaryDir>();
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir->path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir->path());
    QSettings().clear();
}

void TestSettingsPanel::defaultsWithNothingStored()
{
    SettingsPanel panel;
    panel.setGatewayValues(QStringLiteral("127.0.0.1"), 4000, QStringLiteral("/var/lib/tg"), false);
    QCOMPARE(panel.findChild<QLineEdit*>(QStringLiteral("listenHostEdit"))->text(), QStringLiteral("127.0.0.1"));
    QCOMPARE(panel.findChild<QSpinBox*>(QStringLiteral("listenPortSpin"))->value(), 4000);
    QCOMPARE(panel.findChild<QLineEdit*>(QStringLiteral("dataDirEdit"))->text(), QStringLiteral("/var/lib/tg"));
    QCOMPARE(panel.findChild<QComboBox*>(QStringLiteral("currencyCombo"))->currentText(), QStringLiteral("USD"));
    QCOMPARE(panel.findChild<QComboBox*>(QStringLiteral("languageCombo"))->currentData().toString(),
             QStringLiteral("en"));
    const AppSettings stored = AppSettings::load();
    QVERIFY(stored.listenHost.isEmpty());
    QCOMPARE(stored.listenPort, quint16(0));
    QVERIFY(!stored.startInTray);
}

void TestSettingsPanel::currencyIsValidated_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("stored");
    QTest::newRow("EUR") << "EUR" << true << "EUR";
    QTest::newRow("lower-case inr") << "inr" << true << "INR";
    QTest::newRow("JPY") << "JPY" << true << "JPY";
    QTest::newRow("made-up XQZ") << "XQZ" << false << "USD";
    QTest::newRow("two letters") << "EU" << false << "USD";
    QTest::newRow("symbol") << "€" << false << "USD";
    QTest::newRow("empty") << "" << false << "USD";
}

void TestSettingsPanel::currencyIsValidated()
{
    QFETCH(QString, typed);
    QFETCH(bool, valid);
    QFETCH(QString, stored);
    SettingsPanel panel;
    panel.show();
    auto* combo = panel.findChild<QComboBox*>(QStringLiteral("currencyCombo"));
    auto* error = panel.findChild<QLabel*>(QStringLiteral("currencyError"));
    QVERIFY(combo && combo->lineEdit() && error);
    QSignalSpy changed(&panel, &SettingsPanel::settingsChanged);
    combo->lineEdit()->selectAll();
    QTest::keyClick(combo->lineEdit(), Qt::Key_Backspace);
    // QTest types ASCII only; other characters go in as a paste would.
    if (typed == QString::fromLatin1(typed.toLatin1()) && typed.toLatin1().size() == typed.size() &&
        std::all_of(typed.begin(), typed.end(), [](QChar c) { return c.unicode() < 128; }))
        QTest::keyClicks(combo->lineEdit(), typed);
    else
        combo->lineEdit()->insert(typed);
    QCOMPARE(error->isVisible(), !valid);
    QCOMPARE(AppSettings::load().displayCurrency, stored);
    QCOMPARE(panel.settings().displayCurrency, stored);
    if (valid) {
        QVERIFY(!changed.isEmpty());
        QCOMPARE(changed.last().at(0).value<AppSettings>().displayCurrency, stored);
    } else {
        QVERIFY2(error->text().contains(typed), qPrintable(error->text()));
    }
}

void TestSettingsPanel::listenAddressAndDataFolderAreSaved()
{
    SettingsPanel panel;
    panel.setGatewayValues(QStringLiteral("127.0.0.1"), 4000, QStringLiteral("/data/old"), false);
    panel.show();
    auto* host = panel.findChild<QLineEdit*>(QStringLiteral("listenHostEdit"));
    auto* port = panel.findChild<QSpinBox*>(QStringLiteral("listenPortSpin"));
    auto* dataDir = panel.findChild<QLineEdit*>(QStringLiteral("dataDirEdit"));
    host->selectAll();
    QTest::keyClicks(host, QStringLiteral("0.0.0.0"));
    port->selectAll();
    QTest::keyClicks(port, QStringLiteral("4100"));
    dataDir->selectAll();
    QTest::keyClicks(dataDir, QStringLiteral("/data/new"));
    const AppSettings stored = AppSettings::load();
    QCOMPARE(stored.listenHost, QStringLiteral("0.0.0.0"));
    QCOMPARE(stored.listenPort, quint16(4100));
    QCOMPARE(stored.dataDir, QStringLiteral("/data/new"));

    // A new panel shows what was stored, not the gateway's values.
    SettingsPanel again;
    again.setGatewayValues(QStringLiteral("127.0.0.1"), 4000, QStringLiteral("/data/old"), false);
    QCOMPARE(again.findChild<QLineEdit*>(QStringLiteral("listenHostEdit"))->text(), QStringLiteral("0.0.0.0"));
    QCOMPARE(again.findChild<QSpinBox*>(QStringLiteral("listenPortSpin"))->value(), 4100);
    QCOMPARE(again.findChild<QLineEdit*>(QStringLiteral("dataDirEdit"))->text(), QStringLiteral("/data/new"));
}

void TestSettingsPanel::invalidHostIsNotSaved()
{
    SettingsPanel panel;
    panel.setGatewayValues(QStringLiteral("127.0.0.1"), 4000, QStringLiteral("/d"), false);
    panel.show();
    auto* host = panel.findChild<QLineEdit*>(QStringLiteral("listenHostEdit"));
    auto* error = panel.findChild<QLabel*>(QStringLiteral("listenHostError"));
    host->selectAll();
    QTest::keyClicks(host, QStringLiteral("not a host"));
    QVERIFY(error->isVisible());
    QVERIFY(AppSettings::load().listenHost.isEmpty());
    host->selectAll();
    QTest::keyClicks(host, QStringLiteral("::1"));
    QVERIFY(!error->isVisible());
    QCOMPARE(AppSettings::load().listenHost, QStringLiteral("::1"));
}

void TestSettingsPanel::restartNoticeWhileRunning()
{
    SettingsPanel panel;
    panel.setGatewayValues(QStringLiteral("127.0.0.1"), 4000, QStringLiteral("/d"), true);
    panel.show();
    auto* notice = panel.findChild<QLabel*>(QStringLiteral("restartNotice"));
    auto* port = panel.findChild<QSpinBox*>(QStringLiteral("listenPortSpin"));
    auto* currency = panel.findChild<QComboBox*>(QStringLiteral("currencyCombo"));
    QVERIFY(notice && port && currency);
    QVERIFY(!notice->isVisible());
    // The display currency needs no restart.
    currency->setCurrentText(QStringLiteral("EUR"));
    QVERIFY(!notice->isVisible());
    port->setValue(4001);
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(QStringLiteral("listen address")), qPrintable(notice->text()));
    QVERIFY(!notice->text().contains(QStringLiteral("data folder")));
    port->setValue(4000);
    QVERIFY(!notice->isVisible());
    // Once the gateway runs with the new values, there is nothing to restart for.
    port->setValue(4002);
    QVERIFY(notice->isVisible());
    panel.setGatewayValues(QStringLiteral("127.0.0.1"), 4002, QStringLiteral("/d"), true);
    QVERIFY(!notice->isVisible());
    // A stopped gateway picks the values up when it starts: no notice either.
    port->setValue(4003);
    panel.setGatewayValues(QStringLiteral("127.0.0.1"), 4002, QStringLiteral("/d"), false);
    QVERIFY(!notice->isVisible());
}

void TestSettingsPanel::trayOptionsAndLanguageAreSaved()
{
    SettingsPanel panel;
    panel.show();
    auto* startInTray = panel.findChild<QCheckBox*>(QStringLiteral("startInTrayCheck"));
    auto* keepRunning = panel.findChild<QCheckBox*>(QStringLiteral("keepRunningInTrayCheck"));
    auto* language = panel.findChild<QComboBox*>(QStringLiteral("languageCombo"));
    QVERIFY(startInTray && keepRunning && language);
    QStringList names;
    for (int i = 0; i < language->count(); ++i)
        names << language->itemText(i);
    QCOMPARE(names, (QStringList{"English", "Deutsch", "Français", "हिन्दी"}));

    QTest::mouseClick(startInTray, Qt::LeftButton, {}, QPoint(6, startInTray->height() / 2));
    QVERIFY(AppSettings::load().startInTray);
    QVERIFY(!AppSettings::load().keepRunningInTray);
    QTest::mouseClick(keepRunning, Qt::LeftButton, {}, QPoint(6, keepRunning->height() / 2));
    QVERIFY(AppSettings::load().keepRunningInTray);
    QTest::mouseClick(startInTray, Qt::LeftButton, {}, QPoint(6, startInTray->height() / 2));
    QVERIFY(!AppSettings::load().startInTray);

    QSignalSpy languageChanged(&panel, &SettingsPanel::languageChanged);
    language->setCurrentIndex(language->findData(QStringLiteral("fr")));
    QCOMPARE(languageChanged.size(), 1);
    QCOMPARE(languageChanged.at(0).at(0).toString(), QStringLiteral("fr"));
    QCOMPARE(AppSettings::load().language, QStringLiteral("fr"));
}

void TestSettingsPanel::settingsPanelIsInTheNavigation()
{
    ConfigLoadResult loaded = ConfigLoader::loadText("server:\n  listen: 127.0.0.1:0\n");
    QVERIFY(loaded.ok());
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, loaded.config, dir.path());
    window.show();
    const int index = window.panelIndex(QStringLiteral("settingsPanel"));
    QVERIFY(index >= 0);
    auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
    QTest::mouseClick(navigation->viewport(), Qt::LeftButton, {},
                      navigation->visualItemRect(navigation->item(index)).center());
    auto* port = window.findChild<QSpinBox*>(QStringLiteral("listenPortSpin"));
    QVERIFY(port && port->isVisible());
    // The stopped gateway's configured address is what the panel shows.
    QCOMPARE(window.findChild<QLineEdit*>(QStringLiteral("listenHostEdit"))->text(), QStringLiteral("127.0.0.1"));
}

void TestSettingsPanel::closeHonoursKeepRunningInTray()
{
    ConfigLoadResult loaded = ConfigLoader::loadText("server:\n  listen: 127.0.0.1:0\n");
    QVERIFY(loaded.ok());
    QTemporaryDir dir;
    Gateway gateway;
    {
        // Without the setting, closing closes.
        MainWindow window(&gateway, loaded.config, dir.path());
        window.show();
        QVERIFY(window.close());
        QVERIFY(!window.isVisible());
    }
    AppSettings settings = AppSettings::load();
    settings.keepRunningInTray = true;
    settings.save();
    MainWindow window(&gateway, loaded.config, dir.path());
    window.show();
    window.startGateway();
    QTRY_COMPARE_WITH_TIMEOUT(window.gatewayState(), MainWindow::GatewayState::Running, 10000);
    const bool closed = window.close();
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        // The window hides, the gateway keeps serving.
        QVERIFY(!closed);
        QVERIFY(!window.isVisible());
        QVERIFY(gateway.isRunning());
    } else {
        // No tray to come back from: the window closes as usual rather than vanish for good.
        QVERIFY(closed);
        QVERIFY(!window.isVisible());
    }
    gateway.stop();
}

QTEST_MAIN(TestSettingsPanel)
#include "tst_settingspanel.moc"
