#include "panels/providers/providerspanel.h"

#include "widgets/paneltitle.h"

#include "config/configwriter.h"
#include "models/providertablemodel.h"
#include "panels/providers/configcommit.h"
#include "panels/providers/providerdialog.h"
#include "secrets/secretstore.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace tollgate::ui {

ProvidersPanel::ProvidersPanel(QWidget* parent)
    : QWidget(parent), m_config(std::make_shared<const GatewayConfig>()),
      m_model(new ProviderTableModel(this)), m_table(new QTableView(this)),
      m_addButton(new QPushButton(tr("Add provider…"), this)),
      m_editButton(new QPushButton(tr("Edit…"), this)), m_removeButton(new QPushButton(tr("Remove"), this)),
      m_secretsLabel(new QLabel(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("providersPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(panelTitle(tr("Providers"), QStringLiteral("providersTitle"), this));

    m_table->setObjectName(QStringLiteral("providersTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    layout->addWidget(m_table, 1);

    m_addButton->setObjectName(QStringLiteral("addProviderButton"));
    m_editButton->setObjectName(QStringLiteral("editProviderButton"));
    m_removeButton->setObjectName(QStringLiteral("removeProviderButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch();
    layout->addLayout(buttons);

    m_status->setObjectName(QStringLiteral("providersStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    layout->addWidget(m_status);
    m_secretsLabel->setObjectName(QStringLiteral("secretStoreLabel"));
    m_secretsLabel->setWordWrap(true);
    m_secretsLabel->setTextFormat(Qt::PlainText);
    layout->addWidget(m_secretsLabel);

    connect(m_addButton, &QPushButton::clicked, this, &ProvidersPanel::addProvider);
    connect(m_editButton, &QPushButton::clicked, this, [this] {
        if (!selectedName().isEmpty())
            editProvider(selectedName());
    });
    connect(m_removeButton, &QPushButton::clicked, this, [this] {
        if (!selectedName().isEmpty())
            removeProvider(selectedName());
    });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        editProvider(index.data(ProviderTableModel::ProviderNameRole).toString());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ProvidersPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ProvidersPanel::updateButtons);
    setSecretStore(nullptr);
    updateButtons();
}

void ProvidersPanel::setConfig(const ConfigSnapshot& config)
{
    m_config = config ? config : std::make_shared<const GatewayConfig>();
    const QString selected = selectedName();
    m_model->setProviders(m_config->providers);
    const int row = m_model->rowOf(selected);
    if (row >= 0)
        m_table->selectRow(row);
}

void ProvidersPanel::setSecretStore(SecretStore* store)
{
    m_store = store;
    if (!store) {
        m_secretsLabel->setText(tr("No secret store: new API keys cannot be saved."));
        return;
    }
    // Deciding the backend may wait for the keychain once (bounded); it is cached afterwards.
    const QString reason = store->fallbackReason();
    m_secretsLabel->setText(reason.isEmpty() ? tr("API keys are kept in the system keychain.") : reason);
}

QString ProvidersPanel::selectedName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ProviderTableModel::ProviderNameRole).toString();
}

void ProvidersPanel::updateButtons()
{
    const bool selected = !selectedName().isEmpty();
    m_editButton->setEnabled(selected);
    m_removeButton->setEnabled(selected);
}

void ProvidersPanel::addProvider()
{
    openProviderDialog(QString());
}

void ProvidersPanel::editProvider(const QString& name)
{
    if (m_config->findProvider(name))
        openProviderDialog(name);
}

void ProvidersPanel::openProviderDialog(const QString& editing)
{
    if (m_dialog)
        m_dialog->close();
    m_dialog = new ProviderDialog(m_config, editing, this);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    ProviderDialog* dialog = m_dialog;
    connect(dialog, &QDialog::accepted, this, &ProvidersPanel::onDialogAccepted);
    connect(dialog, &QObject::destroyed, this, [this, dialog] {
        if (m_dialog == dialog)
            m_dialog = nullptr;
    });
    // open(), not exec(): the window stays modal without a nested event loop.
    dialog->open();
}

void ProvidersPanel::onDialogAccepted()
{
    auto* dialog = qobject_cast<ProviderDialog*>(sender());
    if (!dialog)
        return;
    GatewayConfig candidate = dialog->candidate();
    const QString name = dialog->provider().name;
    // A typed key goes to the secret store under the provider's name, and only its reference to
    // the configuration.
    for (ProviderConfig& p : candidate.providers) {
        if (p.name != name || p.apiKey.source != SecretRef::Source::Literal)
            continue;
        if (!m_store) {
            m_status->setText(
                tr("Provider %1 was not saved: there is no secret store for its key.").arg(name));
            return;
        }
        const QString secretName = ConfigWriter::secretNameFor(name);
        const Result<void> stored = m_store->write(secretName, p.apiKey.value);
        if (!stored) {
            m_status->setText(tr("Provider %1 was not saved: %2").arg(name, stored.error().message));
            return;
        }
        p.apiKey.source = SecretRef::Source::Secret;
        p.apiKey.secretName = secretName;
    }
    commit(candidate, dialog->editedName().isEmpty() ? tr("Provider %1 added.").arg(name)
                                                     : tr("Provider %1 saved.").arg(name));
}

bool ProvidersPanel::removeProvider(const QString& name)
{
    GatewayConfig candidate = *m_config;
    const auto it = std::find_if(candidate.providers.begin(), candidate.providers.end(),
                                 [&](const ProviderConfig& p) { return p.name == name; });
    if (it == candidate.providers.end())
        return false;
    const SecretRef key = it->apiKey;
    candidate.providers.erase(it);
    const QStringList errors = candidateErrors(candidate);
    if (!errors.isEmpty()) {
        m_status->setText(tr("Provider %1 was not removed: %2").arg(name, errors.join(QLatin1Char('\n'))));
        return false;
    }
    if (!commit(candidate, tr("Provider %1 removed.").arg(name)))
        return false;
    // Its key goes too, when it was the one the panel saved for it.
    if (m_store && key.source == SecretRef::Source::Secret &&
        key.secretName == ConfigWriter::secretNameFor(name))
        (void)m_store->remove(key.secretName);
    return true;
}

bool ProvidersPanel::commit(const GatewayConfig& candidate, const QString& doneMessage)
{
    Result<ConfigSnapshot> committed = commitConfig(candidate, m_store, m_configPath);
    if (!committed) {
        m_status->setText(tr("Not saved: %1").arg(committed.error().message));
        return false;
    }
    setConfig(*committed);
    m_status->setText(doneMessage);
    Q_EMIT configEdited(*committed);
    return true;
}

} // namespace tollgate::ui
