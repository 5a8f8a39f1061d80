// The compiled-in icons: every navigation entry's SVG and the application icon load and draw
// (which needs Qt's SVG icon engine, libqt6svg6), and the main window uses them for its
// navigation and its window icon.
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "mainwindow/mainwindow.h"
#include "widgets/uiresources.h"

#include <QFile>
#include <QImage>
#include <QListWidget>
#include <QPixmap>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using namespace tollgate::ui;

namespace {

// Pixels that are not fully transparent: an icon that failed to draw has none.
int paintedPixels(const QIcon& icon, int size)
{
    const QImage image = icon.pixmap(QSize(size, size)).toImage();
    int painted = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            painted += qAlpha(image.pixel(x, y)) > 0 ? 1 : 0;
    return painted;
}

} // namespace

class TestResources : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void navigationIconsDraw_data();
    void navigationIconsDraw();
    void applicationIcon();
    void windowUsesTheIcons();
};

void TestResources::navigationIconsDraw_data()
{
    QTest::addColumn<QString>("name");
    for (const char* name : {"dashboard", "requests", "providers", "routes", "keys", "budgets", "guardrails",
                             "residency", "audit", "settings", "welcome", "demo"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestResources::navigationIconsDraw()
{
    QFETCH(QString, name);
    initResources();
    QVERIFY(QFile::exists(QStringLiteral(":/icons/nav/%1.svg").arg(name)));
    const QIcon icon = navigationIcon(name);
    QVERIFY(!icon.isNull());
    const int painted = paintedPixels(icon, 48);
    // Line icons cover a fair part of their box, never all of it.
    QVERIFY2(painted > 48 * 48 / 20 && painted < 48 * 48, qPrintable(QString::number(painted)));
}

void TestResources::applicationIcon()
{
    const QIcon icon = tollgate::ui::applicationIcon();
    QVERIFY(!icon.isNull());
    QVERIFY(paintedPixels(icon, 64) > 64 * 64 / 2);
    const QImage png(QStringLiteral(":/icons/app/org.tollgate.Tollgate.png"));
    QCOMPARE(png.size(), QSize(256, 256));
    // The committed PNG is the SVG rendered at 256 px: same corners (transparent), same centre.
    QCOMPARE(qAlpha(png.pixel(0, 0)), 0);
    QCOMPARE(qAlpha(png.pixel(128, 128)), 255);
}

void TestResources::windowUsesTheIcons()
{
    ConfigLoadResult loaded = ConfigLoader::loadText("server:\n  listen: 127.0.0.1:0\n");
    QVERIFY(loaded.ok());
    QTemporaryDir dir;
    Gateway gateway;
    MainWindow window(&gateway, loaded.config, dir.path());
    QVERIFY(!window.windowIcon().isNull());
    auto* navigation = window.findChild<QListWidget*>(QStringLiteral("navigation"));
    QVERIFY(navigation);
    QVERIFY(navigation->count() >= 4);
    for (int i = 0; i < navigation->count(); ++i) {
        const QIcon icon = navigation->item(i)->icon();
        QVERIFY2(paintedPixels(icon, 24) > 20, qPrintable(navigation->item(i)->text()));
    }
}

QTEST_MAIN(TestResources)
#include "tst_resources.moc"
