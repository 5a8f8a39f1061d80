#include "panels/providers/providerdialog.h"

#include "config/configwriter.h"
#include "models/providertablemodel.h"
#include "panels/providers/configcommit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <utility>

namespace tollgate::ui {

namespace {

enum ModelColumn
{
    ModelNameColumn,
    InputPriceColumn,
    OutputPriceColumn,
    CurrencyColumn,
    EmbeddingsColumn,
    ModelColumnCount
};

constexpr int kTestTimeoutMs = 15000;

// "0.15" -> 150000; nullopt unless a plain decimal with at most six decimals.
std::optional<std::int64_t> parsePrice(const QString& text)
{
    static const QRegularExpression re(QStringLiteral("^\\+?([0-9]{1,12})(?:\\.([0-9]{1,6}))?$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const std::int64_t whole = m.captured(1).toLongLong();
    const std::int64_t fraction = m.captured(2).leftJustified(6, QLatin1Char('0')).toLongLong();
    return whole * 1'000'000 + fraction;
}

QString cellText(const QTableWidget* table, int row, int column)
{
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text().trimmed() : QString();
}

} // namespace

ProviderDialog::ProviderDialog(ConfigSnapshot base, const QString& editing, QWidget* parent)
    : QDialog(parent), m_base(base ? std::move(base) : std::make_shared<const GatewayConfig>()),
      m_editing(editing), m_name(new QLineEdit(this)), m_kind(new QComboBox(this)),
      m_baseUrl(new QLineEdit(this)), m_region(new QLineEdit(this)), m_apiKey(new QLineEdit(this)),
      m_keyState(new QLabel(this)), m_models(new QTableWidget(0, ModelColumnCount, this)),
      m_issues(new QLabel(this)), m_testButton(new QPushButton(tr("Test connection"), this)),
      m_testResult(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_network(new QNetworkAccessManager(this))
{
    setObjectName(QStringLiteral("providerDialog"));
    setWindowTitle(editing.isEmpty() ? tr("Add provider") : tr("Edit provider %1").arg(editing));
    if (const ProviderConfig* p = m_base->findProvider(editing))
        m_original = *p;

    m_name->setObjectName(QStringLiteral("providerNameEdit"));
    m_name->setPlaceholderText(tr("e.g. openai"));
    m_kind->setObjectName(QStringLiteral("providerKindCombo"));
    m_kind->addItems({QStringLiteral("openai"), QStringLiteral("openai-compatible"),
                      QStringLiteral("anthropic"), QStringLiteral("gemini"), QStringLiteral("azure-openai")});
    m_baseUrl->setObjectName(QStringLiteral("providerBaseUrlEdit"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.openai.com/v1"));
    m_region->setObjectName(QStringLiteral("providerRegionEdit"));
    m_region->setPlaceholderText(tr("e.g. eu, us, in, local"));
    m_apiKey->setObjectName(QStringLiteral("providerApiKeyEdit"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_keyState->setObjectName(QStringLiteral("providerKeyState"));
    if (m_original) {
        m_name->setText(m_original->name);
        m_kind->setCurrentText(m_original->kind);
        m_baseUrl->setText(m_original->baseUrl);
        m_region->setText(m_original->region);
        m_keyState->setText(tr("Current key: %1").arg(ProviderTableModel::maskedKey(m_original->apiKey)));
        m_apiKey->setPlaceholderText(tr("leave empty to keep the current key"));
    } else {
        m_kind->setCurrentText(QStringLiteral("openai"));
        m_keyState->setText(tr("The key is saved to the secret store and not shown again."));
        m_apiKey->setPlaceholderText(tr("API key, or env:NAME; empty for none"));
    }

    auto* form = new QFormLayout;
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Kind"), m_kind);
    form->addRow(tr("&Base URL"), m_baseUrl);
    form->addRow(tr("&Region"), m_region);
    form->addRow(tr("API &key"), m_apiKey);
    form->addRow(QString(), m_keyState);

    m_models->setObjectName(QStringLiteral("modelsTable"));
    m_models->setHorizontalHeaderLabels(
        {tr("Model"), tr("Input / 1M tokens"), tr("Output / 1M tokens"), tr("Currency"), tr("Embeddings")});
    m_models->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_models->horizontalHeader()->setStretchLastSection(true);
    if (m_original) {
        for (const ModelConfig& m : m_original->models)
            addModelRow(m);
    }
    auto* addModel = new QPushButton(tr("Add model"), this);
    addModel->setObjectName(QStringLiteral("addModelButton"));
    auto* removeModel = new QPushButton(tr("Remove model"), this);
    removeModel->setObjectName(QStringLiteral("removeModelButton"));
    connect(addModel, &QPushButton::clicked, this, [this] {
        addModelRow(ModelConfig{});
        m_models->setCurrentCell(m_models->rowCount() - 1, ModelNameColumn);
        validate();
    });
    connect(removeModel, &QPushButton::clicked, this, [this] {
        const int row = m_models->currentRow();
        if (row >= 0)
            m_models->removeRow(row);
        validate();
    });
    auto* modelButtons = new QHBoxLayout;
    modelButtons->addWidget(addModel);
    modelButtons->addWidget(removeModel);
    modelButtons->addStretch();

    m_issues->setObjectName(QStringLiteral("providerIssuesLabel"));
    m_issues->setWordWrap(true);
    m_issues->setTextFormat(Qt::PlainText);
    m_testButton->setObjectName(QStringLiteral("testConnectionButton"));
    m_testResult->setObjectName(QStringLiteral("testResultLabel"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextFormat(Qt::PlainText);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testButton);
    testRow->addWidget(m_testResult, 1);
    m_buttons->setObjectName(QStringLiteral("providerDialogButtons"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Models and prices (per million tokens)"), this));
    layout->addWidget(m_models);
    layout->addLayout(modelButtons);
    layout->addWidget(m_issues);
    layout->addLayout(testRow);
    layout->addWidget(m_buttons);
    resize(720, 560);

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (m_errors.isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_testButton, &QPushButton::clicked, this, &ProviderDialog::testConnection);
    for (QLineEdit* edit : {m_name, m_baseUrl, m_region, m_apiKey})
        connect(edit, &QLineEdit::textChanged, this, &ProviderDialog::validate);
    connect(m_kind, &QComboBox::currentTextChanged, this, &ProviderDialog::validate);
    connect(m_models, &QTableWidget::itemChanged, this, &ProviderDialog::validate);
    validate();
}

ProviderDialog::~ProviderDialog()
{
    if (m_pendingTest) {
        m_pendingTest->disconnect(this);
        m_pendingTest->abort();
    }
}

void ProviderDialog::addModelRow(const ModelConfig& model)
{
    const QSignalBlocker blocker(m_models);
    const int row = m_models->rowCount();
    m_models->insertRow(row);
    m_models->setItem(row, ModelNameColumn, new QTableWidgetItem(model.name));
    m_models->setItem(row, InputPriceColumn,
                      new QTableWidgetItem(ConfigWriter::formatMicros(model.price.inputPerMillionMicros)));
    m_models->setItem(row, OutputPriceColumn,
                      new QTableWidgetItem(ConfigWriter::formatMicros(model.price.outputPerMillionMicros)));
    m_models->setItem(row, CurrencyColumn,
                      new QTableWidgetItem(QString::fromLatin1(model.price.currency.data(), 3)));
    auto* embeddings = new QTableWidgetItem;
    embeddings->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    embeddings->setCheckState(model.embeddings ? Qt::Checked : Qt::Unchecked);
    m_models->setItem(row, EmbeddingsColumn, embeddings);
}

ProviderConfig ProviderDialog::provider() const
{
    ProviderConfig p = m_original.value_or(ProviderConfig{});
    p.name = m_name->text().trimmed();
    p.kind = m_kind->currentText();
    p.baseUrl = m_baseUrl->text().trimmed();
    while (p.baseUrl.endsWith(QLatin1Char('/')))
        p.baseUrl.chop(1);
    p.region = m_region->text().trimmed();
    const QString key = m_apiKey->text();
    if (key.startsWith(QLatin1String("env:"))) {
        p.apiKey = SecretRef{};
        p.apiKey.source = SecretRef::Source::Env;
        p.apiKey.envName = key.mid(4).trimmed();
        p.apiKey.value = qgetenv(p.apiKey.envName.toLocal8Bit().constData());
    } else if (!key.isEmpty()) {
        p.apiKey = SecretRef{};
        p.apiKey.source = SecretRef::Source::Literal;
        p.apiKey.value = key.toUtf8();
    }
    std::vector<ModelConfig> models;
    for (int row = 0; row < m_models->rowCount(); ++row) {
        ModelConfig m;
        m.name = cellText(m_models, row, ModelNameColumn);
        // Cache prices are not in the dialog; an existing model keeps its own.
        if (m_original) {
            if (const ModelConfig* old = m_original->findModel(m.name))
                m.price = old->price;
        }
        m.price.inputPerMillionMicros = parsePrice(cellText(m_models, row, InputPriceColumn)).value_or(-1);
        m.price.outputPerMillionMicros = parsePrice(cellText(m_models, row, OutputPriceColumn)).value_or(-1);
        const QByteArray currency = cellText(m_models, row, CurrencyColumn).toLatin1();
        if (currency.size() == 3)
            m.price.currency = {currency[0], currency[1], currency[2]};
        else
            m.price.currency = {'?', '?', '?'};
        const QTableWidgetItem* embeddings = m_models->item(row, EmbeddingsColumn);
        m.embeddings = embeddings && embeddings->checkState() == Qt::Checked;
        models.push_back(std::move(m));
    }
    p.models = std::move(models);
    return p;
}

GatewayConfig ProviderDialog::candidate() const
{
    GatewayConfig config = *m_base;
    const ProviderConfig p = provider();
    bool replaced = false;
    for (ProviderConfig& existing : config.providers) {
        if (m_original && existing.name == m_original->name) {
            existing = p;
            replaced = true;
        }
    }
    if (!replaced)
        config.providers.push_back(p);
    // A renamed provider takes its route targets along.
    if (m_original && m_original->name != p.name) {
        for (RouteConfig& r : config.routes) {
            for (RouteTargetConfig& t : r.targets) {
                if (t.provider == m_original->name)
                    t.provider = p.name;
            }
        }
    }
    return config;
}

void ProviderDialog::validate()
{
    QStringList errors;
    const ProviderConfig p = provider();
    // What the writer cannot express, the loader never sees: check it here in the loader's words.
    for (int row = 0; row < m_models->rowCount(); ++row) {
        const QString name = cellText(m_models, row, ModelNameColumn);
        const QString label = name.isEmpty() ? tr("model #%1").arg(row + 1) : tr("model '%1'").arg(name);
        if (name.isEmpty())
            errors << tr("The name of %1 is empty").arg(label);
        for (int column : {InputPriceColumn, OutputPriceColumn}) {
            if (!parsePrice(cellText(m_models, row, column)))
                errors << tr("The price of %1 must be a decimal number such as 0.15 (at most 6 decimals)")
                              .arg(label);
        }
        const QString currency = cellText(m_models, row, CurrencyColumn);
        if (!QRegularExpression(QStringLiteral("^[A-Z]{3}$")).match(currency).hasMatch())
            errors << tr("The currency of %1 must be an ISO 4217 code such as USD, EUR, INR").arg(label);
    }
    if (m_models->rowCount() == 0)
        errors << tr("Add at least one model");
    if (p.apiKey.source == SecretRef::Source::Env &&
        !QRegularExpression(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$")).match(p.apiKey.envName).hasMatch())
        errors << tr("env:%1 is not an environment variable name").arg(p.apiKey.envName);
    if (m_base->findProvider(p.name) && (!m_original || m_original->name != p.name))
        errors << tr("A provider named '%1' already exists").arg(p.name);
    if (errors.isEmpty()) {
        GatewayConfig c = candidate();
        errors << candidateErrors(c);
    }
    errors.removeDuplicates();
    m_errors = errors;
    m_issues->setText(errors.isEmpty() ? tr("Ready to save.") : errors.join(QLatin1Char('\n')));
    m_issues->setStyleSheet(errors.isEmpty() ? QString() : QStringLiteral("color: #b00020;"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(errors.isEmpty());
    m_testButton->setEnabled(!p.baseUrl.isEmpty());
}

void ProviderDialog::testConnection()
{
    if (m_pendingTest) {
        QNetworkReply* previous = std::exchange(m_pendingTest, nullptr);
        previous->disconnect(this);
        previous->abort();
        previous->deleteLater();
    }
    const ProviderConfig p = provider();
    QUrl url(p.baseUrl + QStringLiteral("/models"), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        m_testResult->setText(tr("Enter an http:// or https:// base URL first."));
        return;
    }
    if (p.kind == QLatin1String("azure-openai")) {
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("api-version"), p.apiVersion);
        url.setQuery(query);
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(kTestTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    const QByteArray key = p.apiKey.value;
    if (!key.isEmpty()) {
        if (p.kind == QLatin1String("anthropic")) {
            request.setRawHeader("x-api-key", key);
            request.setRawHeader("anthropic-version", "2023-06-01");
        } else if (p.kind == QLatin1String("gemini")) {
            request.setRawHeader("x-goog-api-key", key);
        } else if (p.kind == QLatin1String("azure-openai")) {
            request.setRawHeader("api-key", key);
        } else {
            request.setRawHeader("Authorization", "Bearer " + key);
        }
    }
    m_testResult->setText(tr("Testing %1 …").arg(url.toString(QUrl::RemoveQuery)));
    m_testButton->setEnabled(false);
    m_pendingTest = m_network->get(request);
    QNetworkReply* reply = m_pendingTest;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onTestFinished(reply); });
}

void ProviderDialog::onTestFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    if (reply != m_pendingTest)
        return;
    m_pendingTest = nullptr;
    m_testButton->setEnabled(true);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->read(1024 * 1024);
    if (status >= 200 && status < 300) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        // OpenAI style {"data":[...]}, Anthropic {"data":[...]}, Gemini {"models":[...]}.
        QJsonArray list = doc.object().value(QStringLiteral("data")).toArray();
        if (list.isEmpty())
            list = doc.object().value(QStringLiteral("models")).toArray();
        m_testResult->setText(
            tr("Connected: HTTP %1, %n model(s) listed", nullptr, int(list.size())).arg(status));
        m_testResult->setProperty("ok", true);
        return;
    }
    m_testResult->setProperty("ok", false);
    if (status > 0) {
        m_testResult->setText(status == 401 || status == 403
                                  ? tr("Failed: HTTP %1 — the provider refused the key").arg(status)
                                  : tr("Failed: HTTP %1").arg(status));
        return;
    }
    m_testResult->setText(tr("Failed: %1").arg(reply->errorString()));
}

} // namespace tollgate::ui
