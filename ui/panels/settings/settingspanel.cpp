#include "panels/settings/settingspanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

#include <algorithm>

namespace tollgate::ui {

SettingsPanel::SettingsPanel(QWidget* parent) : QWidget(parent), m_settings(AppSettings::load())
{
    setObjectName(QStringLiteral("settingsPanel"));
    buildUi();
    showSettings();
}

void SettingsPanel::buildUi()
{
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Settings"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);

    auto* gatewayBox = new QGroupBox(tr("Gateway"), this);
    auto* gatewayForm = new QFormLayout(gatewayBox);
    m_hostEdit = new QLineEdit(gatewayBox);
    m_hostEdit->setObjectName(QStringLiteral("listenHostEdit"));
    m_hostEdit->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_portSpin = new QSpinBox(gatewayBox);
    m_portSpin->setObjectName(QStringLiteral("listenPortSpin"));
    m_portSpin->setRange(1, 65535);
    auto* addressRow = new QHBoxLayout;
    addressRow->addWidget(m_hostEdit, 1);
    addressRow->addWidget(new QLabel(QStringLiteral(":"), gatewayBox));
    addressRow->addWidget(m_portSpin);
    gatewayForm->addRow(tr("Listen address"), addressRow);
    m_hostError = new QLabel(gatewayBox);
    m_hostError->setObjectName(QStringLiteral("listenHostError"));
    m_hostError->setStyleSheet(QStringLiteral("color: #b3261e"));
    m_hostError->hide();
    gatewayForm->addRow(QString(), m_hostError);

    m_dataDirEdit = new QLineEdit(gatewayBox);
    m_dataDirEdit->setObjectName(QStringLiteral("dataDirEdit"));
    m_browseButton = new QPushButton(tr("Browse…"), gatewayBox);
    m_browseButton->setObjectName(QStringLiteral("dataDirBrowseButton"));
    auto* dataRow = new QHBoxLayout;
    dataRow->addWidget(m_dataDirEdit, 1);
    dataRow->addWidget(m_browseButton);
    gatewayForm->addRow(tr("Data folder"), dataRow);
    m_restartNotice = new QLabel(gatewayBox);
    m_restartNotice->setObjectName(QStringLiteral("restartNotice"));
    m_restartNotice->setWordWrap(true);
    m_restartNotice->setStyleSheet(QStringLiteral("color: #8a5a00"));
    m_restartNotice->hide();
    gatewayForm->addRow(QString(), m_restartNotice);
    auto* restartHint = new QLabel(tr("The listen address and the data folder take effect when the gateway starts."),
                                   gatewayBox);
    restartHint->setObjectName(QStringLiteral("restartHint"));
    restartHint->setWordWrap(true);
    restartHint->setEnabled(false);
    gatewayForm->addRow(QString(), restartHint);
    layout->addWidget(gatewayBox);

    auto* displayBox = new QGroupBox(tr("Display"), this);
    auto* displayForm = new QFormLayout(displayBox);
    m_currencyCombo = new QComboBox(displayBox);
    m_currencyCombo->setObjectName(QStringLiteral("currencyCombo"));
    m_currencyCombo->setEditable(true);
    m_currencyCombo->setInsertPolicy(QComboBox::NoInsert);
    m_currencyCombo->addItems(AppSettings::knownCurrencies());
    // No inline completion: what the user typed is what gets validated.
    m_currencyCombo->setCompleter(nullptr);
    displayForm->addRow(tr("Display currency"), m_currencyCombo);
    m_currencyError = new QLabel(displayBox);
    m_currencyError->setObjectName(QStringLiteral("currencyError"));
    m_currencyError->setStyleSheet(QStringLiteral("color: #b3261e"));
    m_currencyError->hide();
    displayForm->addRow(QString(), m_currencyError);
    m_languageCombo = new QComboBox(displayBox);
    m_languageCombo->setObjectName(QStringLiteral("languageCombo"));
    for (const QString& code : AppSettings::supportedLanguages())
        m_languageCombo->addItem(AppSettings::languageName(code), code);
    displayForm->addRow(tr("Language"), m_languageCombo);
    layout->addWidget(displayBox);

    auto* trayBox = new QGroupBox(tr("System tray"), this);
    auto* trayLayout = new QVBoxLayout(trayBox);
    m_startInTray = new QCheckBox(tr("Start in the tray (the window stays hidden until you open it)"), trayBox);
    m_startInTray->setObjectName(QStringLiteral("startInTrayCheck"));
    m_keepRunningInTray =
        new QCheckBox(tr("Keep the gateway running in the tray when the window is closed"), trayBox);
    m_keepRunningInTray->setObjectName(QStringLiteral("keepRunningInTrayCheck"));
    trayLayout->addWidget(m_startInTray);
    trayLayout->addWidget(m_keepRunningInTray);
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        auto* noTray = new QLabel(tr("This desktop has no system tray: these take effect where one is available."),
                                  trayBox);
        noTray->setObjectName(QStringLiteral("noTrayNotice"));
        noTray->setWordWrap(true);
        trayLayout->addWidget(noTray);
    }
    layout->addWidget(trayBox);
    layout->addStretch(1);

    connect(m_hostEdit, &QLineEdit::textEdited, this, &SettingsPanel::commit);
    connect(m_portSpin, &QSpinBox::valueChanged, this, &SettingsPanel::commit);
    connect(m_dataDirEdit, &QLineEdit::textEdited, this, &SettingsPanel::commit);
    connect(m_currencyCombo, &QComboBox::editTextChanged, this, &SettingsPanel::commit);
    connect(m_languageCombo, &QComboBox::currentIndexChanged, this, &SettingsPanel::commit);
    connect(m_startInTray, &QCheckBox::toggled, this, &SettingsPanel::commit);
    connect(m_keepRunningInTray, &QCheckBox::toggled, this, &SettingsPanel::commit);
    connect(m_browseButton, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Data folder"), effectiveDataDir());
        if (dir.isEmpty())
            return;
        m_dataDirEdit->setText(dir);
        commit();
    });
}

void SettingsPanel::showSettings()
{
    m_loading = true;
    m_hostEdit->setText(effectiveHost());
    m_portSpin->setValue(effectivePort());
    m_dataDirEdit->setText(effectiveDataDir());
    m_currencyCombo->setCurrentText(m_settings.displayCurrency);
    m_languageCombo->setCurrentIndex(std::max(0, m_languageCombo->findData(m_settings.language)));
    m_startInTray->setChecked(m_settings.startInTray);
    m_keepRunningInTray->setChecked(m_settings.keepRunningInTray);
    m_loading = false;
    updateRestartNotice();
}

void SettingsPanel::setGatewayValues(const QString& listenHost, quint16 listenPort, const QString& dataDir,
                                     bool running)
{
    m_gatewayHost = listenHost;
    m_gatewayPort = listenPort;
    m_gatewayDataDir = dataDir;
    m_gatewayRunning = running;
    showSettings();
}

QString SettingsPanel::effectiveHost() const
{
    return m_settings.listenHost.isEmpty() ? m_gatewayHost : m_settings.listenHost;
}

quint16 SettingsPanel::effectivePort() const
{
    return m_settings.listenPort != 0 ? m_settings.listenPort : (m_gatewayPort != 0 ? m_gatewayPort : 4000);
}

QString SettingsPanel::effectiveDataDir() const
{
    return m_settings.dataDir.isEmpty() ? m_gatewayDataDir : m_settings.dataDir;
}

void SettingsPanel::commit()
{
    if (m_loading)
        return;
    AppSettings next = m_settings;
    bool valid = true;

    const QString host = m_hostEdit->text().trimmed();
    if (host.isEmpty()) {
        m_hostError->hide();
        next.listenHost.clear(); // back to the config's address
    } else if (AppSettings::isValidListenHost(host)) {
        m_hostError->hide();
        // Only a value that differs from what the gateway already uses becomes a stored choice.
        next.listenHost = host == m_gatewayHost && m_settings.listenHost.isEmpty() ? QString() : host;
    } else {
        m_hostError->setText(tr("“%1” is not an IP address (or localhost).").arg(host));
        m_hostError->show();
        valid = false;
    }
    const quint16 port = quint16(m_portSpin->value());
    next.listenPort = port == m_gatewayPort && m_settings.listenPort == 0 ? 0 : port;
    const QString dataDir = m_dataDirEdit->text().trimmed();
    next.dataDir = dataDir == m_gatewayDataDir && m_settings.dataDir.isEmpty() ? QString() : dataDir;

    const QString currency = m_currencyCombo->currentText().trimmed().toUpper();
    if (AppSettings::isKnownCurrency(currency)) {
        m_currencyError->hide();
        next.displayCurrency = currency;
    } else {
        m_currencyError->setText(tr("“%1” is not an ISO 4217 currency code (e.g. EUR, USD, INR).")
                                     .arg(m_currencyCombo->currentText()));
        m_currencyError->show();
        valid = false;
    }
    next.language = m_languageCombo->currentData().toString();
    next.startInTray = m_startInTray->isChecked();
    next.keepRunningInTray = m_keepRunningInTray->isChecked();
    if (!valid) {
        updateRestartNotice();
        return;
    }

    const bool languageChangedNow = next.language != m_settings.language;
    m_settings = next;
    m_settings.save();
    updateRestartNotice();
    Q_EMIT settingsChanged(m_settings);
    if (languageChangedNow)
        Q_EMIT languageChanged(m_settings.language);
}

void SettingsPanel::updateRestartNotice()
{
    if (!m_gatewayRunning) {
        m_restartNotice->hide();
        return;
    }
    QStringList changed;
    if (effectiveHost() != m_gatewayHost || effectivePort() != m_gatewayPort)
        changed << tr("the listen address");
    if (effectiveDataDir() != m_gatewayDataDir)
        changed << tr("the data folder");
    if (changed.isEmpty()) {
        m_restartNotice->hide();
        return;
    }
    m_restartNotice->setText(
        tr("Restart the gateway (Stop, then Start) to apply %1.").arg(changed.join(tr(" and "))));
    m_restartNotice->show();
}

} // namespace tollgate::ui
