// The routes editor around a real Gateway on loopback: reordering a route's targets (buttons and
// drag-and-drop requests), undo and redo, validation as you type, Save applying the change to the
// running gateway with no restart (a new order, or weights the next requests are shared out by),
// and import/export of the YAML file.
#include "config/configloader.h"
#include "gateway/gateway.h"
#include "models/routetargetmodel.h"
#include "panels/routes/routespanel.h"
#include "secrets/secretstore.h"

#include "fakeopenaiserver.h"
#include "httptestclient.h"
#include "testgateway.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

using namespace tollgate;
using namespace tollgate::testing;
using namespace tollgate::ui;

namespace {

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

template <typename T> T* child(QWidget* parent, const char* name)
{
    T* widget = parent->findChild<T*>(QString::fromLatin1(name));
    if (!widget)
        qWarning() << "no widget" << name;
    return widget;
}

QStringList targetsOf(const RoutesPanel& panel)
{
    QStringList out;
    const RouteTargetModel* model = panel.targetModel();
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, RouteTargetModel::TargetColumn).data().toString();
    return out;
}

} // namespace

class TestRoutesPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void reorderTargets_nextRequestGoesToTheNewFirst();
    void dragAndDrop_isOneUndoStep();
    void invalidAlias_isReportedAsTyped_andBlocksSave();
    void addRemoveTargetAndWeight_withUndo();
    void weightedStrategy_sharesTheNextRequests();
    void import_showsTheLoadersIssuesWithLines();
    void import_validFile_isApplied();
    void export_writesReferencesNotKeys();

private:
    QString chatThrough();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeOpenAiServer> m_alpha;
    std::unique_ptr<FakeOpenAiServer> m_beta;
    std::unique_ptr<SecretStore> m_store;
    std::unique_ptr<TestGateway> m_run; // the running gateway, its data in a temporary directory
    Gateway* m_gateway = nullptr;
    std::unique_ptr<RoutesPanel> m_panel;
    QString m_configPath;
};

void TestRoutesPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_alpha = std::make_unique<FakeOpenAiServer>(QStringLiteral("alpha"));
    m_beta = std::make_unique<FakeOpenAiServer>(QStringLiteral("beta"));
    QVERIFY(m_alpha->listen());
    QVERIFY(m_beta->listen());
    m_beta->setApiKey("sk-literal-beta-key-42");
    const QByteArray yaml = "server:\n  listen: 127.0.0.1:0\nproviders:\n"
                            "  - name: alpha\n    kind: openai-compatible\n    base_url: " +
                            m_alpha->baseUrl().toUtf8() +
                            "/v1\n    region: eu\n    models:\n      - name: gpt-fake\n"
                            "  - name: beta\n    kind: openai-compatible\n    base_url: " +
                            m_beta->baseUrl().toUtf8() +
                            "/v1\n    region: eu\n    api_key: sk-literal-beta-key-42\n    models:\n"
                            "      - name: gpt-fake\n"
                            "routes:\n  - alias: chat\n    targets: [alpha/gpt-fake, beta/gpt-fake]\n"
                            "  - alias: other\n    targets: [beta/gpt-fake]\n";
    SecretStore::Options options;
    options.dataDir = m_dir->filePath(QStringLiteral("data"));
    options.useKeychain = false;
    m_store = std::make_unique<SecretStore>(options);
    m_run = std::make_unique<TestGateway>();
    QVERIFY(m_run->start(yaml));
    m_gateway = &m_run->gateway();

    m_configPath = m_dir->filePath(QStringLiteral("tollgate.yaml"));
    m_panel = std::make_unique<RoutesPanel>();
    m_panel->setSecretStore(m_store.get());
    m_panel->setConfigPath(m_configPath);
    m_panel->setConfig(m_gateway->config());
    connect(m_panel.get(), &RoutesPanel::configEdited, m_gateway, &Gateway::applyConfig);
    m_panel->resize(1000, 700);
    m_panel->show();
}

void TestRoutesPanel::cleanup()
{
    m_panel.reset();
    m_gateway = nullptr;
    m_run.reset(); // stops the gateway and waits for it
    m_store.reset();
    m_alpha.reset();
    m_beta.reset();
    m_dir.reset();
}

QString TestRoutesPanel::chatThrough()
{
    const QByteArray chat = R"({"model":"chat","messages":[{"role":"user","content":"which one"}]})";
    auto response = HttpTestClient::request(m_gateway->port(), "POST", "/v1/chat/completions", chat);
    if (!response || response->status != 200)
        return QStringLiteral("failed: ") +
               (response ? QString::fromUtf8(response->body) : QStringLiteral("no answer"));
    return QString::fromUtf8(response->header("x-tollgate-provider"));
}

void TestRoutesPanel::reorderTargets_nextRequestGoesToTheNewFirst()
{
    QCOMPARE(chatThrough(), QStringLiteral("alpha"));
    QCOMPARE(m_panel->currentRoute(), 0);
    QCOMPARE(targetsOf(*m_panel), (QStringList{"alpha/gpt-fake", "beta/gpt-fake"}));
    auto* save = child<QPushButton>(m_panel.get(), "saveRoutesButton");
    QVERIFY(!save->isEnabled()); // nothing to save yet

    // Select beta (row 1) and move it up with the button.
    auto* view = child<QTableView>(m_panel.get(), "targetsView");
    view->selectRow(1);
    QTest::mouseClick(child<QPushButton>(m_panel.get(), "moveUpButton"), Qt::LeftButton);
    QCOMPARE(targetsOf(*m_panel), (QStringList{"beta/gpt-fake", "alpha/gpt-fake"}));
    QCOMPARE(child<QTreeWidget>(m_panel.get(), "routesTree")->topLevelItem(0)->child(0)->text(0),
             QStringLiteral("beta/gpt-fake"));
    QVERIFY(save->isEnabled());

    // Undo and redo, through the panel's own buttons.
    auto* undo = child<QToolButton>(m_panel.get(), "undoButton");
    auto* redo = child<QToolButton>(m_panel.get(), "redoButton");
    QTest::mouseClick(undo, Qt::LeftButton);
    QCOMPARE(targetsOf(*m_panel), (QStringList{"alpha/gpt-fake", "beta/gpt-fake"}));
    QVERIFY(!save->isEnabled());
    QTest::mouseClick(redo, Qt::LeftButton);
    QCOMPARE(targetsOf(*m_panel), (QStringList{"beta/gpt-fake", "alpha/gpt-fake"}));

    // Not applied until saved.
    QCOMPARE(chatThrough(), QStringLiteral("alpha"));
    QSignalSpy edited(m_panel.get(), &RoutesPanel::configEdited);
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(edited.count(), 1);
    QVERIFY(!save->isEnabled());

    // Persisted: the file lists beta first, and beta's literal key moved to the secret store.
    const QByteArray file = readAll(m_configPath);
    QVERIFY2(file.indexOf("- beta/gpt-fake") < file.indexOf("- alpha/gpt-fake"), file.constData());
    QVERIFY(!file.contains("sk-literal-beta-key-42"));
    QVERIFY(file.contains("secret:provider.beta"));
    QCOMPARE(m_store->read(QStringLiteral("provider.beta"))->value(), QByteArray("sk-literal-beta-key-42"));

    // The running gateway sends the next request to the new first target.
    QTRY_COMPARE_WITH_TIMEOUT(m_gateway->config()->findRoute(QStringLiteral("chat"))->targets.at(0).provider,
                              QStringLiteral("beta"), 5000);
    const int alphaBefore = m_alpha->requestCount();
    QCOMPARE(chatThrough(), QStringLiteral("beta"));
    QCOMPARE(m_alpha->requestCount(), alphaBefore);
    QCOMPARE(m_beta->lastRequest().header("authorization"), QByteArray("Bearer sk-literal-beta-key-42"));
}

void TestRoutesPanel::weightedStrategy_sharesTheNextRequests()
{
    // Weights 1 and 2 on the chat route, then the weighted strategy chosen in its combo box.
    auto* strategy = child<QComboBox>(m_panel.get(), "strategyCombo");
    QCOMPARE(strategy->currentData().toInt(), int(RouteStrategy::Fallback));
    m_panel->setWeight(1, 2);
    strategy->setCurrentIndex(strategy->findData(int(RouteStrategy::Weighted)));
    Q_EMIT strategy->activated(strategy->currentIndex());
    QVERIFY(m_panel->editedRoutes()[0].strategy == RouteStrategy::Weighted);
    m_panel->undoStack()->undo();
    QCOMPARE(strategy->currentData().toInt(), int(RouteStrategy::Fallback));
    m_panel->undoStack()->redo();
    QCOMPARE(strategy->currentData().toInt(), int(RouteStrategy::Weighted));
    QVERIFY(m_panel->save());
    QVERIFY(readAll(m_configPath).contains("strategy: weighted"));
    QTRY_VERIFY_WITH_TIMEOUT(m_gateway->config()->findRoute(QStringLiteral("chat"))->strategy ==
                                 RouteStrategy::Weighted,
                             5000);
    // The next twelve requests: eight go to beta first, four to alpha.
    const int alphaBefore = m_alpha->requestCount();
    const int betaBefore = m_beta->requestCount();
    for (int i = 0; i < 12; ++i)
        QVERIFY(!chatThrough().startsWith(QLatin1String("failed")));
    QCOMPARE(m_alpha->requestCount() - alphaBefore, 4);
    QCOMPARE(m_beta->requestCount() - betaBefore, 8);
}

void TestRoutesPanel::dragAndDrop_isOneUndoStep()
{
    RouteTargetModel* model = m_panel->targetModel();
    std::unique_ptr<QMimeData> data(model->mimeData({model->index(1, RouteTargetModel::TargetColumn)}));
    QVERIFY(!model->dropMimeData(data.get(), Qt::MoveAction, 0, 0, {})); // dropped above row 0
    QCOMPARE(targetsOf(*m_panel), (QStringList{"beta/gpt-fake", "alpha/gpt-fake"}));
    QCOMPARE(m_panel->undoStack()->count(), 1);
    m_panel->undoStack()->undo();
    QCOMPARE(targetsOf(*m_panel), (QStringList{"alpha/gpt-fake", "beta/gpt-fake"}));
}

void TestRoutesPanel::invalidAlias_isReportedAsTyped_andBlocksSave()
{
    auto* alias = child<QLineEdit>(m_panel.get(), "aliasEdit");
    auto* issues = child<QLabel>(m_panel.get(), "routeIssuesLabel");
    auto* save = child<QPushButton>(m_panel.get(), "saveRoutesButton");
    QCOMPARE(alias->text(), QStringLiteral("chat"));
    alias->setFocus();
    alias->selectAll();
    QTest::keyClicks(alias, QStringLiteral("my chat"));
    QVERIFY2(issues->text().contains(QLatin1String("must not contain spaces")), qPrintable(issues->text()));
    QVERIFY(!save->isEnabled());
    QVERIFY(!m_panel->save());
    QVERIFY(!QFile::exists(m_configPath));
    // Typing a duplicate alias is caught too.
    alias->selectAll();
    QTest::keyClicks(alias, QStringLiteral("other"));
    QVERIFY2(issues->text().contains(QLatin1String("Duplicate route alias 'other'")),
             qPrintable(issues->text()));
    alias->selectAll();
    QTest::keyClicks(alias, QStringLiteral("chat-2"));
    QVERIFY(m_panel->errors().isEmpty());
    QVERIFY(save->isEnabled());
    QCOMPARE(child<QTreeWidget>(m_panel.get(), "routesTree")->topLevelItem(0)->text(0),
             QStringLiteral("chat-2"));
    // The keystrokes of one rename are one undo step.
    QCOMPARE(m_panel->undoStack()->count(), 1);
    m_panel->undoStack()->undo();
    QCOMPARE(alias->text(), QStringLiteral("chat"));
    QVERIFY(!save->isEnabled());
}

void TestRoutesPanel::addRemoveTargetAndWeight_withUndo()
{
    m_panel->selectRoute(1);
    QCOMPARE(targetsOf(*m_panel), QStringList{"beta/gpt-fake"});
    m_panel->addTarget(QStringLiteral("alpha/gpt-fake"));
    QCOMPARE(targetsOf(*m_panel), (QStringList{"beta/gpt-fake", "alpha/gpt-fake"}));
    // Weight through the view's model, as the table editor does.
    QVERIFY(
        m_panel->targetModel()->setData(m_panel->targetModel()->index(1, RouteTargetModel::WeightColumn), 9));
    QCOMPARE(m_panel->editedRoutes()[1].targets[1].weight, 9);
    m_panel->removeTarget(0);
    QCOMPARE(targetsOf(*m_panel), QStringList{"alpha/gpt-fake"});
    // A route without targets is an error.
    m_panel->removeTarget(0);
    QVERIFY2(!m_panel->errors().isEmpty() &&
                 m_panel->errors().first().contains(QLatin1String("at least one target")),
             qPrintable(m_panel->errors().join(QLatin1Char('\n'))));
    for (int i = 0; i < 4; ++i)
        m_panel->undoStack()->undo();
    QCOMPARE(targetsOf(*m_panel), QStringList{"beta/gpt-fake"});
    QVERIFY(m_panel->undoStack()->isClean());
    for (int i = 0; i < 3; ++i)
        m_panel->undoStack()->redo();
    QVERIFY(m_panel->save());
    const ConfigLoadResult saved = ConfigLoader::loadFile(m_configPath, {}, m_store->lookup());
    QVERIFY(saved.ok());
    const RouteConfig* other = saved.config->findRoute(QStringLiteral("other"));
    QVERIFY(other);
    QCOMPARE(other->targets.size(), std::size_t(1));
    QCOMPARE(other->targets[0].provider, QStringLiteral("alpha"));
    QCOMPARE(other->targets[0].weight, 9);
}

void TestRoutesPanel::import_showsTheLoadersIssuesWithLines()
{
    const QString path = m_dir->filePath(QStringLiteral("broken.yaml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("providers:\n  - name: x\n    kind: openai\n    base_url: https://x.example/v1\n    region: eu\n"
            "    models: [{name: m}]\nroutes:\n  - alias: a\n    targets: [x/nope]\n");
    f.close();
    QSignalSpy edited(m_panel.get(), &RoutesPanel::configEdited);
    QVERIFY(!m_panel->importFile(path));
    QCOMPARE(edited.count(), 0);
    auto* list = child<QListWidget>(m_panel.get(), "importIssuesList");
    QVERIFY(list->isVisible());
    QCOMPARE(list->count(), 1);
    QVERIFY2(list->item(0)->text().startsWith(QLatin1String("broken.yaml:9:")),
             qPrintable(list->item(0)->text()));
    QVERIFY(list->item(0)->text().contains(QLatin1String("does not declare model 'nope'")));
    QVERIFY(child<QLabel>(m_panel.get(), "routesStatus")->text().contains(QLatin1String("not imported")));
    QCOMPARE(m_panel->editedRoutes().size(), std::size_t(2)); // unchanged
}

void TestRoutesPanel::import_validFile_isApplied()
{
    const QString path = m_dir->filePath(QStringLiteral("import.yaml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("server:\n  listen: 127.0.0.1:0\nproviders:\n  - name: beta\n    kind: openai-compatible\n"
            "    base_url: " +
            m_beta->baseUrl().toUtf8() +
            "/v1\n    region: eu\n    api_key: sk-literal-beta-key-42\n    models: [{name: gpt-fake}]\n"
            "routes:\n  - alias: chat\n    targets: [beta/gpt-fake]\n");
    f.close();
    QVERIFY(m_panel->importFile(path));
    QCOMPARE(m_panel->editedRoutes().size(), std::size_t(1));
    QVERIFY(!readAll(m_configPath).contains("sk-literal"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_gateway->config()->findProvider(QStringLiteral("alpha")), 5000);
    QCOMPARE(chatThrough(), QStringLiteral("beta"));
}

void TestRoutesPanel::export_writesReferencesNotKeys()
{
    m_panel->selectRoute(0);
    m_panel->moveTarget(1, 0);
    const QString path = m_dir->filePath(QStringLiteral("export/out.yaml"));
    QVERIFY(m_panel->exportFile(path));
    const QByteArray text = readAll(path);
    QVERIFY(!text.contains("sk-literal-beta-key-42"));
    QVERIFY(text.contains("api_key: \"secret:provider.beta\""));
    const ConfigLoadResult loaded = ConfigLoader::loadFile(path, {}, m_store->lookup());
    QVERIFY(loaded.ok());
    // The unsaved edit is what gets exported.
    QCOMPARE(loaded.config->findRoute(QStringLiteral("chat"))->targets.at(0).provider,
             QStringLiteral("beta"));
    QCOMPARE(loaded.config->findProvider(QStringLiteral("beta"))->apiKey.value,
             QByteArray("sk-literal-beta-key-42"));
    QVERIFY(!QFile::exists(m_configPath)); // exporting is not saving
}

QTEST_MAIN(TestRoutesPanel)
#include "tst_routespanel.moc"
