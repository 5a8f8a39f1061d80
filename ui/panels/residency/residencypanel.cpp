#include "panels/residency/residencypanel.h"

#include "widgets/paneltitle.h"

#include "models/residencyclassmodel.h"
#include "models/residencymatrixmodel.h"
#include "models/residencyprovidermodel.h"
#include "panels/providers/configcommit.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

QTableView* tableFor(QAbstractItemModel* model, const QString& name, QWidget* parent)
{
    auto* view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectItems);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->hide();
    return view;
}

} // namespace

ResidencyPanel::ResidencyPanel(QWidget* parent)
    : QWidget(parent), m_matrix(new ResidencyMatrixModel(this)), m_classes(new ResidencyClassModel(this)),
      m_providers(new ResidencyProviderModel(m_matrix, this)), m_newRegion(new QLineEdit(this)),
      m_addRegionButton(new QPushButton(tr("Add region"), this)),
      m_saveButton(new QPushButton(tr("Save"), this)), m_revertButton(new QPushButton(tr("Revert"), this)),
      m_version(new QLabel(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("residencyPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(panelTitle(tr("Residency"), QStringLiteral("residencyTitle"), this));
    auto* intro = new QLabel(tr("Where data under each regime may be processed. A request only goes to a "
                                "provider whose region all of its regimes allow; when none is left it is "
                                "refused."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    layout->addWidget(splitter, 1);

    auto* matrixBox = new QGroupBox(tr("Regimes and the regions they allow"), splitter);
    auto* matrixLayout = new QVBoxLayout(matrixBox);
    m_matrixView = tableFor(m_matrix, QStringLiteral("residencyMatrix"), matrixBox);
    m_matrixView->horizontalHeader()->setStretchLastSection(false);
    m_matrixView->verticalHeader()->show(); // the regime names
    matrixLayout->addWidget(m_matrixView);
    auto* regionRow = new QHBoxLayout;
    m_newRegion->setObjectName(QStringLiteral("newRegionEdit"));
    m_newRegion->setPlaceholderText(tr("region, e.g. ch"));
    m_newRegion->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[a-z0-9][a-z0-9_-]*")), m_newRegion));
    m_addRegionButton->setObjectName(QStringLiteral("addRegionButton"));
    regionRow->addWidget(m_newRegion);
    regionRow->addWidget(m_addRegionButton);
    regionRow->addStretch();
    matrixLayout->addLayout(regionRow);

    auto* classBox = new QGroupBox(tr("Data classes and their regimes"), splitter);
    auto* classLayout = new QVBoxLayout(classBox);
    m_classView = tableFor(m_classes, QStringLiteral("residencyClasses"), classBox);
    classLayout->addWidget(m_classView);

    auto* providerBox = new QGroupBox(tr("Providers"), splitter);
    auto* providerLayout = new QVBoxLayout(providerBox);
    m_providerView = tableFor(m_providers, QStringLiteral("residencyProviders"), providerBox);
    m_providerView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    providerLayout->addWidget(m_providerView);

    m_version->setObjectName(QStringLiteral("residencyVersion"));
    layout->addWidget(m_version);
    auto* buttons = new QHBoxLayout;
    m_saveButton->setObjectName(QStringLiteral("residencySaveButton"));
    m_revertButton->setObjectName(QStringLiteral("residencyRevertButton"));
    buttons->addWidget(m_saveButton);
    buttons->addWidget(m_revertButton);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_status->setObjectName(QStringLiteral("residencyStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    connect(m_matrix, &ResidencyMatrixModel::matrixEdited, this, &ResidencyPanel::markEdited);
    connect(m_classes, &ResidencyClassModel::mappingEdited, this, &ResidencyPanel::markEdited);
    connect(m_addRegionButton, &QPushButton::clicked, this, &ResidencyPanel::addRegion);
    connect(m_newRegion, &QLineEdit::returnPressed, this, &ResidencyPanel::addRegion);
    connect(m_saveButton, &QPushButton::clicked, this, &ResidencyPanel::save);
    connect(m_revertButton, &QPushButton::clicked, this, &ResidencyPanel::revert);
    revert();
}

void ResidencyPanel::setConfig(const ConfigSnapshot& config)
{
    // The snapshot this panel just saved comes back from MainWindow: keep the status line.
    if (config == m_config)
        return;
    m_config = config;
    revert();
}

void ResidencyPanel::revert()
{
    const residency::ResidencyPolicy defaults;
    const residency::ResidencyPolicy& policy = m_config ? m_config->residency : defaults;
    QStringList providerRegions;
    std::vector<ResidencyProviderModel::Provider> providers;
    if (m_config) {
        for (const ProviderConfig& p : m_config->providers) {
            providerRegions << p.region;
            providers.push_back({p.name, p.region});
        }
    }
    m_matrix->setPolicy(policy, providerRegions);
    m_classes->setPolicy(policy);
    m_providers->setProviders(std::move(providers));
    m_version->setText(tr("Policy version: %1").arg(policy.version()));
    m_dirty = false;
    m_saveButton->setEnabled(false);
    m_revertButton->setEnabled(false);
    m_status->clear();
}

void ResidencyPanel::markEdited()
{
    m_dirty = true;
    m_saveButton->setEnabled(true);
    m_revertButton->setEnabled(true);
    m_version->setText(tr("Policy version: new on save"));
}

void ResidencyPanel::addRegion()
{
    const QString region = m_newRegion->text().trimmed();
    if (region.isEmpty())
        return;
    if (!m_matrix->addRegion(region)) {
        m_status->setText(tr("Region %1 is already in the matrix.").arg(region));
        return;
    }
    m_newRegion->clear();
    m_status->setText(tr("Region %1 added; check the regimes that may use it.").arg(region));
}

bool ResidencyPanel::save()
{
    if (!m_config) {
        m_status->setText(tr("Not saved: there is no configuration to change yet."));
        return false;
    }
    residency::ResidencyConfig rc;
    rc.regions = m_matrix->regionRules();
    rc.regimes = m_classes->regimeRules();
    for (const auto& [detector, dataClass] : m_config->residency.detectorTable())
        rc.classes.push_back({detector, dataClass});
    QString problem;
    std::optional<residency::ResidencyPolicy> policy = residency::ResidencyPolicy::compile(rc, &problem);
    if (!policy) {
        m_status->setText(tr("Not saved: %1").arg(problem));
        return false;
    }
    auto candidate = std::make_shared<GatewayConfig>(*m_config);
    candidate->residency = std::move(*policy);
    Result<ConfigSnapshot> committed = checkAndCommit(*candidate, m_store, m_configPath);
    if (!committed) {
        m_status->setText(tr("Not saved: %1").arg(committed.error().message));
        return false;
    }
    m_config = *committed;
    revert();
    m_status->setText(tr("Residency policy saved; the gateway uses it from the next request."));
    Q_EMIT configEdited(*committed);
    return true;
}

} // namespace tollgate::ui
