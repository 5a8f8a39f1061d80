#include "panels/keys/keyspanel.h"

#include "widgets/paneltitle.h"

#include "budget/budgetservice.h"
#include "models/budgettask.h"
#include "models/keytablemodel.h"
#include "panels/keys/keydialog.h"
#include "panels/keys/keysecretdialog.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

struct KeyList
{
    std::vector<std::shared_ptr<const budget::KeyInfo>> keys;
    std::int64_t nowMs = 0;
    QString error;
};

struct KeyCreation
{
    bool ok = false;
    QByteArray token;
    QString keyId;
    QString error;
};

struct KeyRevocation
{
    bool ok = false;
    QString error;
};

} // namespace

KeysPanel::KeysPanel(QWidget* parent)
    : QWidget(parent), m_model(new KeyTableModel(this)), m_table(new QTableView(this)),
      m_banner(new QLabel(this)), m_status(new QLabel(this)),
      m_createButton(new QPushButton(tr("Create key…"), this)),
      m_revokeButton(new QPushButton(tr("Revoke…"), this))
{
    setObjectName(QStringLiteral("keysPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(panelTitle(tr("Keys"), QStringLiteral("keysTitle"), this));

    m_banner->setObjectName(QStringLiteral("openGatewayBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setStyleSheet(QStringLiteral(
        "#openGatewayBanner { background: #fff4ce; border: 1px solid #e0c060; padding: 6px; }"));
    m_banner->setText(tr("<b>No key exists yet: the gateway answers requests without one.</b> That is only "
                         "safe while it listens on this computer (loopback). Create a key and every request "
                         "will need one."));
    m_banner->hide();
    layout->addWidget(m_banner);

    m_table->setObjectName(QStringLiteral("keysTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 1);

    m_createButton->setObjectName(QStringLiteral("createKeyButton"));
    m_revokeButton->setObjectName(QStringLiteral("revokeKeyButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_createButton);
    buttons->addWidget(m_revokeButton);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_status->setObjectName(QStringLiteral("keysStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);

    connect(m_createButton, &QPushButton::clicked, this, &KeysPanel::createKey);
    connect(m_revokeButton, &QPushButton::clicked, this, [this] {
        const QString id = selectedKeyId();
        if (!id.isEmpty())
            revokeKey(id);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &KeysPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &KeysPanel::updateButtons);
    setBudgetService(nullptr);
}

KeysPanel::~KeysPanel() = default;

KeyDialog* KeysPanel::openDialog() const
{
    return m_dialog;
}

KeySecretDialog* KeysPanel::secretDialog() const
{
    return m_secretDialog;
}

QMessageBox* KeysPanel::revokeConfirmation() const
{
    return m_confirm;
}

void KeysPanel::setBudgetService(std::shared_ptr<budget::BudgetService> service)
{
    if (service == m_service && service)
        return;
    m_service = std::move(service);
    ++m_generation;
    m_loaded = false;
    if (!m_service) {
        if (m_dialog)
            m_dialog->reject();
        if (m_confirm)
            m_confirm->reject();
        m_status->setText(tr("Start the gateway to create and revoke keys."));
    } else {
        m_status->clear();
    }
    updateButtons();
    updateBanner();
    refresh();
}

void KeysPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
}

void KeysPanel::setConfig(const ConfigSnapshot& config)
{
    m_config = config;
}

void KeysPanel::refresh()
{
    if (!m_service)
        return;
    const quint64 generation = m_generation;
    const quint64 sequence = ++m_refreshSequence;
    runBudgetTask(
        this,
        [service = m_service] {
            KeyList list;
            // Picks up keys the command line created or revoked meanwhile.
            if (auto reloaded = service->keys().reloadIfChanged(); !reloaded)
                list.error = reloaded.error().message;
            list.keys = service->keys().list();
            list.nowMs = service->clock().wallMs();
            return list;
        },
        [this, generation, sequence](const KeyList& list) {
            // Refreshes may overlap on the pool: a late answer to an older one is stale.
            if (generation != m_generation || sequence < m_appliedSequence)
                return;
            m_appliedSequence = sequence;
            const QString selected = selectedKeyId();
            m_model->setKeys(list.keys, list.nowMs);
            const int row = m_model->rowOf(selected);
            if (row >= 0)
                m_table->selectRow(row);
            m_loaded = true;
            if (!list.error.isEmpty())
                m_status->setText(tr("Could not re-read the keys: %1").arg(list.error));
            updateBanner();
            updateButtons();
            Q_EMIT keysRefreshed();
        });
}

QStringList KeysPanel::knownTeams() const
{
    QStringList teams;
    if (m_config) {
        for (const budget::TeamConfig& team : m_config->budget.teams)
            teams << team.name;
    }
    for (int row = 0; row < m_model->rowCount(); ++row)
        teams << m_model->keyAt(row)->team;
    teams.removeAll(QString());
    teams.removeDuplicates();
    teams.sort();
    return teams;
}

void KeysPanel::createKey()
{
    if (!m_service)
        return;
    if (m_dialog)
        m_dialog->close();
    m_dialog = new KeyDialog(m_config, knownTeams(), this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_dialog, &QDialog::accepted, this, &KeysPanel::onDialogAccepted);
    // open(), not exec(): modal without a nested event loop.
    m_dialog->open();
}

void KeysPanel::onDialogAccepted()
{
    auto* dialog = qobject_cast<KeyDialog*>(sender());
    if (!dialog || !m_service)
        return;
    const budget::NewKeyOptions options = dialog->options();
    const quint64 generation = m_generation;
    m_createButton->setEnabled(false);
    m_status->setText(tr("Creating the key…"));
    runBudgetTask(
        this,
        [service = m_service, options] {
            KeyCreation created;
            auto result = service->keys().create(options);
            if (!result) {
                created.error = result.error().message;
                return created;
            }
            created.ok = true;
            created.token = result->token;
            created.keyId = result->info->id;
            return created;
        },
        [this, generation](const KeyCreation& created) {
            updateButtons();
            if (generation != m_generation)
                return;
            if (!created.ok) {
                m_status->setText(tr("The key was not created: %1").arg(created.error));
                return;
            }
            m_status->setText(tr("Key %1 created.").arg(created.keyId));
            if (m_secretDialog)
                m_secretDialog->close();
            m_secretDialog = new KeySecretDialog(created.token, created.keyId, this);
            m_secretDialog->setAttribute(Qt::WA_DeleteOnClose);
            m_secretDialog->open();
            refresh();
        });
}

void KeysPanel::revokeKey(const QString& keyId)
{
    if (!m_service)
        return;
    const int row = m_model->rowOf(keyId);
    const auto key = m_model->keyAt(row);
    if (!key)
        return;
    if (key->declared) {
        m_status->setText(tr("Key %1 is declared in the configuration file: remove it there.").arg(keyId));
        return;
    }
    if (m_confirm)
        m_confirm->close();
    m_confirm = new QMessageBox(QMessageBox::Warning, tr("Revoke key"),
                                tr("Revoke key %1 (%2…, team %3)? Requests with it get 401 from the next "
                                   "one on. This cannot be undone.")
                                    .arg(keyId, key->prefix, key->team),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    m_confirm->setObjectName(QStringLiteral("revokeKeyConfirmation"));
    m_confirm->setDefaultButton(QMessageBox::Cancel);
    m_confirm->button(QMessageBox::Yes)->setText(tr("Revoke"));
    m_confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_confirm, &QMessageBox::finished, this, [this, keyId](int result) {
        if (result == QMessageBox::Yes)
            revokeConfirmed(keyId);
    });
    m_confirm->open();
}

void KeysPanel::revokeConfirmed(const QString& keyId)
{
    if (!m_service)
        return;
    const quint64 generation = m_generation;
    runBudgetTask(
        this,
        [service = m_service, keyId] {
            KeyRevocation revocation;
            auto result = service->keys().revoke(keyId);
            revocation.ok = bool(result);
            if (!result)
                revocation.error = result.error().message;
            return revocation;
        },
        [this, keyId, generation](const KeyRevocation& revocation) {
            if (generation != m_generation)
                return;
            m_status->setText(revocation.ok ? tr("Key %1 revoked.").arg(keyId)
                                            : tr("Key %1 was not revoked: %2").arg(keyId, revocation.error));
            refresh();
        });
}

QString KeysPanel::selectedKeyId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(KeyTableModel::KeyIdRole).toString();
}

void KeysPanel::updateButtons()
{
    m_createButton->setEnabled(bool(m_service));
    const int row = m_model->rowOf(selectedKeyId());
    const auto key = m_model->keyAt(row);
    m_revokeButton->setEnabled(m_service && key && key->revokedAtMs == 0 && !key->declared);
}

void KeysPanel::updateBanner()
{
    // Only once the list is known: a stopped gateway enforces nothing, and an unknown list says nothing.
    m_banner->setVisible(m_service && m_loaded && m_model->rowCount() == 0);
}

} // namespace tollgate::ui
