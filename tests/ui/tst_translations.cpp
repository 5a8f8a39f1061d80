// Translations: every entry of translations/tollgate_{de,fr,hi}.ts is translated (no unfinished or
// empty entry, the same %-placeholders as the source), the built .qm files are embedded and load,
// and switching the language in Settings re-labels the running window.
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "mainwindow/mainwindow.h"
#include "widgets/languages.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

QStringList placeholders(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral("%(\\d|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.sort();
    found.removeDuplicates();
    return found;
}

QStringList navigationTitles(const MainWindow& window)
{
    auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
    QStringList titles;
    for (int i = 0; navigation && i < navigation->count(); ++i)
        titles << navigation->item(i)->text();
    return titles;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void everyEntryTranslated_data();
    void everyEntryTranslated();
    void embeddedCatalogsLoad_data();
    void embeddedCatalogsLoad();
    void switchingLanguageInSettingsRelabelsTheWindow();

private:
    QTemporaryDir m_settingsDir;
};

void TestTranslations::initTestCase()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestTranslations::cleanup()
{
    installLanguage(QStringLiteral("en"));
}

void TestTranslations::everyEntryTranslated_data()
{
    QTest::addColumn<QString>("path");
    const QString dir = qEnvironmentVariable("TOLLGATE_SOURCE_DIR") + QStringLiteral("/translations");
    for (const char* locale : {"de", "fr", "hi"})
        QTest::newRow(locale) << QDir(dir).filePath(QStringLiteral("tollgate_%1.ts").arg(QLatin1String(locale)));
}

void TestTranslations::everyEntryTranslated()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QStringList problems;
    QString context;
    QString source;
    QStringList translations;
    bool unfinished = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.name() == QLatin1String("name") && context.isNull())
                context = xml.readElementText();
            else if (xml.name() == QLatin1String("message")) {
                source.clear();
                translations.clear();
                unfinished = false;
            } else if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                const QStringView type = xml.attributes().value(QLatin1String("type"));
                unfinished = type == QLatin1String("unfinished") || type == QLatin1String("vanished") ||
                             type == QLatin1String("obsolete");
                if (xml.readNext() == QXmlStreamReader::Characters && !xml.isWhitespace())
                    translations << xml.text().toString();
            } else if (xml.name() == QLatin1String("numerusform")) {
                translations << xml.readElementText();
            }
        } else if (xml.isEndElement()) {
            if (xml.name() == QLatin1String("context")) {
                context = QString();
            } else if (xml.name() == QLatin1String("message")) {
                ++messages;
                const QString where = context + QStringLiteral(": ") + source;
                if (unfinished)
                    problems << QStringLiteral("unfinished: ") + where;
                if (translations.isEmpty())
                    problems << QStringLiteral("empty: ") + where;
                for (const QString& translation : translations) {
                    if (translation.trimmed().isEmpty())
                        problems << QStringLiteral("empty form: ") + where;
                    else if (placeholders(translation) != placeholders(source))
                        problems << QStringLiteral("placeholders differ: ") + where + QStringLiteral(" -> ") +
                                        translation;
                }
            }
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(messages > 100, qPrintable(QString::number(messages))); // the real file, not a stub
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::embeddedCatalogsLoad_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("dashboard");
    QTest::addColumn<QString>("tryDemo");
    QTest::newRow("de") << "de" << "Übersicht" << "Demo ausprobieren";
    QTest::newRow("fr") << "fr" << "Tableau de bord" << "Essayer la démo";
    QTest::newRow("hi") << "hi" << "डैशबोर्ड" << "डेमो आज़माएँ";
}

void TestTranslations::embeddedCatalogsLoad()
{
    QFETCH(QString, language);
    QFETCH(QString, dashboard);
    QFETCH(QString, tryDemo);
    QVERIFY(installLanguage(language));
    QCOMPARE(currentLanguage(), language);
    QCOMPARE(QCoreApplication::translate("tollgate::ui::MainWindow", "Dashboard"), dashboard);
    QCOMPARE(QCoreApplication::translate("tollgate::ui::WelcomePage", "Try the demo"), tryDemo);
    QVERIFY(installLanguage(QStringLiteral("en")));
    QCOMPARE(QCoreApplication::translate("tollgate::ui::MainWindow", "Dashboard"), QStringLiteral("Dashboard"));
    QVERIFY(!installLanguage(QStringLiteral("xx")));
    QCOMPARE(currentLanguage(), QStringLiteral("en"));
}

void TestTranslations::switchingLanguageInSettingsRelabelsTheWindow()
{
    ConfigLoadResult loaded = ConfigLoader::loadText("server:\n  listen: 127.0.0.1:0\n");
    QVERIFY(loaded.ok());
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, loaded.config, dir.path());
    window.show();
    QCOMPARE(navigationTitles(window).value(0), QStringLiteral("Dashboard"));
    const int settingsIndex = window.panelIndex(QStringLiteral("settingsPanel"));
    window.showPanel(settingsIndex);

    auto* language = window.findChild<QComboBox*>(QStringLiteral("languageCombo"));
    QVERIFY(language && language->isVisible());
    language->setCurrentIndex(language->findData(QStringLiteral("de")));
    QTRY_COMPARE_WITH_TIMEOUT(navigationTitles(window).value(0), QStringLiteral("Übersicht"), 5000);
    QCOMPARE(navigationTitles(window).value(settingsIndex), QStringLiteral("Einstellungen"));
    // The rebuilt window is German throughout and still shows the Settings panel.
    QCOMPARE(window.findChild<QAction*>(QStringLiteral("startGatewayAction"))->text(), QStringLiteral("Gateway starten"));
    QCOMPARE(window.findChild<QLabel*>(QStringLiteral("gatewayStateLabel"))->text(), QStringLiteral("Gateway angehalten"));
    QCOMPARE(window.findChild<QPushButton*>(QStringLiteral("welcomeTryDemoButton"))->text(), QStringLiteral("Demo ausprobieren"));
    auto* rebuilt = window.findChild<QComboBox*>(QStringLiteral("languageCombo"));
    QVERIFY(rebuilt && rebuilt->isVisible());
    QCOMPARE(rebuilt->currentData().toString(), QStringLiteral("de"));
    QCOMPARE(QSettings().value(QStringLiteral("display/language")).toString(), QStringLiteral("de"));

    // And back.
    rebuilt->setCurrentIndex(rebuilt->findData(QStringLiteral("en")));
    QTRY_COMPARE_WITH_TIMEOUT(navigationTitles(window).value(0), QStringLiteral("Dashboard"), 5000);
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
