#include "panels/requests/requestspanel.h"

#include "models/dailytotals.h"
#include "models/requestlogmodel.h"
#include "models/requestlogreader.h"
#include "panels/requests/requestfilterproxy.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

// Repopulates a filter combo box with "any" first, keeping the chosen value when it still exists.
void fillChoices(QComboBox* box, const QString& anyText, const QStringList& values, const QString& emptyText)
{
    const QVariant chosen = box->currentData();
    const QSignalBlocker blocker(box);
    box->clear();
    box->addItem(anyText);
    for (const QString& value : values)
        box->addItem(value.isEmpty() ? emptyText : value, value);
    const int index = chosen.isValid() ? box->findData(chosen) : 0;
    box->setCurrentIndex(index >= 0 ? index : 0);
}

} // namespace

RequestsPanel::RequestsPanel(QWidget* parent)
    : QWidget(parent), m_model(new RequestLogModel(this)), m_proxy(new RequestFilterProxy(this)),
      m_reader(new RequestLogReader(this)), m_providerFilter(new QComboBox(this)),
      m_modelFilter(new QComboBox(this)), m_statusFilter(new QComboBox(this)),
      m_textFilter(new QLineEdit(this)), m_refreshButton(new QPushButton(tr("Refresh"), this)),
      m_countLabel(new QLabel(this)), m_table(new QTableView(this)), m_detail(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("requestsPanel"));
    m_model->setObjectName(QStringLiteral("requestLogModel"));
    m_proxy->setObjectName(QStringLiteral("requestFilterProxy"));
    m_proxy->setSourceModel(m_model);

    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Requests"), this);
    title->setObjectName(QStringLiteral("requestsTitle"));
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    title->setFont(font);
    layout->addWidget(title);

    auto* filters = new QHBoxLayout;
    m_providerFilter->setObjectName(QStringLiteral("providerFilter"));
    m_modelFilter->setObjectName(QStringLiteral("modelFilter"));
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    m_textFilter->setObjectName(QStringLiteral("textFilter"));
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    m_countLabel->setObjectName(QStringLiteral("requestCountLabel"));
    m_providerFilter->addItem(tr("All providers"));
    m_modelFilter->addItem(tr("All models"));
    m_statusFilter->addItem(tr("Any status"), int(RequestFilterProxy::StatusFilter::Any));
    m_statusFilter->addItem(tr("Success (2xx, 3xx)"), int(RequestFilterProxy::StatusFilter::Success));
    m_statusFilter->addItem(tr("Client errors (4xx)"), int(RequestFilterProxy::StatusFilter::ClientError));
    m_statusFilter->addItem(tr("Server errors (5xx)"), int(RequestFilterProxy::StatusFilter::ServerError));
    m_statusFilter->addItem(tr("Client left"), int(RequestFilterProxy::StatusFilter::ClientLeft));
    m_textFilter->setPlaceholderText(tr("Search id, model, error…"));
    m_textFilter->setClearButtonEnabled(true);
    filters->addWidget(m_providerFilter);
    filters->addWidget(m_modelFilter);
    filters->addWidget(m_statusFilter);
    filters->addWidget(m_textFilter, 1);
    filters->addWidget(m_refreshButton);
    layout->addLayout(filters);

    m_table->setObjectName(QStringLiteral("requestsTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RequestLogModel::Time, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(RequestLogModel::Time, 170);
    m_table->setColumnWidth(RequestLogModel::Endpoint, 130);
    m_detail->setObjectName(QStringLiteral("requestDetail"));
    m_detail->setOpenLinks(false);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("requestsSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({800, 340});
    layout->addWidget(splitter, 1);
    layout->addWidget(m_countLabel);

    connect(m_reader, &RequestLogReader::loaded, this, &RequestsPanel::onLoaded);
    connect(m_reader, &RequestLogReader::failed, this, [this](const QString& error) {
        m_countLabel->setText(tr("Request log not available: %1").arg(error));
        Q_EMIT refreshed();
    });
    connect(m_refreshButton, &QPushButton::clicked, this, &RequestsPanel::refresh);
    connect(m_providerFilter, &QComboBox::currentIndexChanged, this, &RequestsPanel::applyFilters);
    connect(m_modelFilter, &QComboBox::currentIndexChanged, this, &RequestsPanel::applyFilters);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &RequestsPanel::applyFilters);
    connect(m_textFilter, &QLineEdit::textChanged, this, &RequestsPanel::applyFilters);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &RequestsPanel::showDetail);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &RequestsPanel::showDetail);
    m_countLabel->setText(tr("No requests yet"));
    showDetail();
}

RequestsPanel::~RequestsPanel() = default;

void RequestsPanel::setDatabasePath(const QString& path)
{
    if (path == m_reader->databasePath())
        return;
    m_reader->setDatabasePath(path);
    refresh();
}

void RequestsPanel::refresh()
{
    m_reader->refresh();
}

void RequestsPanel::onStats(const telemetry::StatsSnapshot& snapshot)
{
    if (snapshot.intervalRequests() > 0)
        m_trailingRefreshes = 2;
    if (m_trailingRefreshes > 0) {
        --m_trailingRefreshes;
        refresh();
    }
}

void RequestsPanel::onLoaded(const std::vector<RequestLogRecord>& records)
{
    const bool first = m_model->rowCount() == 0 && !records.empty();
    m_model->setRecords(records);
    if (first) {
        // Fit the columns to the first rows once; later the user's widths stay.
        m_table->resizeColumnsToContents();
        m_table->horizontalHeader()->setStretchLastSection(true);
    }
    updateFilterChoices();
    m_countLabel->setText(
        tr("%1 of the latest %2 requests shown").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
    Q_EMIT refreshed();
}

void RequestsPanel::updateFilterChoices()
{
    QSet<QString> providers;
    QSet<QString> models;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const RequestLogRecord* r = m_model->recordAt(row);
        providers.insert(r->provider);
        models.insert(r->modelUsed.isEmpty() ? r->modelRequested : r->modelUsed);
    }
    QStringList providerList(providers.begin(), providers.end());
    QStringList modelList(models.begin(), models.end());
    providerList.sort();
    modelList.sort();
    fillChoices(m_providerFilter, tr("All providers"), providerList, tr("(gateway)"));
    fillChoices(m_modelFilter, tr("All models"), modelList, tr("(none)"));
}

void RequestsPanel::applyFilters()
{
    const QVariant provider = m_providerFilter->currentData();
    m_proxy->setProvider(provider.isValid() ? provider.toString() : QString());
    const QVariant model = m_modelFilter->currentData();
    m_proxy->setModel(model.isValid() ? model.toString() : QString());
    m_proxy->setStatusFilter(RequestFilterProxy::StatusFilter(m_statusFilter->currentData().toInt()));
    m_proxy->setText(m_textFilter->text());
    m_countLabel->setText(
        tr("%1 of the latest %2 requests shown").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
}

void RequestsPanel::showDetail()
{
    const QModelIndex current = m_table->currentIndex();
    const RequestLogRecord* r =
        current.isValid() ? m_model->recordAt(m_proxy->mapToSource(current).row()) : nullptr;
    if (!r) {
        m_detail->setHtml(QStringLiteral("<p><i>%1</i></p>")
                              .arg(tr("Select a request to see its details.").toHtmlEscaped()));
        return;
    }
    const QLocale locale;
    const auto ms = [&](std::int64_t us) {
        return tr("%1 ms").arg(locale.toString(double(us) / 1000.0, 'f', 2));
    };
    const QList<std::pair<QString, QString>> fields{
        {tr("Request ID"), QString::fromLatin1(r->requestId)},
        {tr("Started"), QDateTime::fromMSecsSinceEpoch(r->startedAtMs).toString(Qt::ISODateWithMs)},
        {tr("Request"), r->method + QLatin1Char(' ') + r->path},
        {tr("Endpoint"), r->endpoint},
        {tr("Model requested"), r->modelRequested},
        {tr("Provider"), r->provider.isEmpty() ? tr("(gateway)") : r->provider},
        {tr("Model used"), r->modelUsed},
        {tr("Upstream attempts"), QString::number(r->attempts)},
        {tr("Streamed"), r->stream ? tr("yes") : tr("no")},
        {tr("Status"), r->status == 0 ? tr("client left before the response") : QString::number(r->status)},
        {tr("Total time"), ms(r->totalUs)},
        {tr("Upstream time"), ms(r->upstreamUs)},
        {tr("Gateway overhead"), ms(r->addedUs)},
        {tr("Time to first byte"), ms(r->ttfbUs)},
        {tr("Tokens in / out"), QStringLiteral("%1 / %2").arg(r->inputTokens).arg(r->outputTokens)},
        {tr("Cost"),
         r->costCurrency.isEmpty() ? QString() : DailyTotals::formatMoney(r->costMicros, r->costCurrency)},
        {tr("Error type"), r->errorType},
        {tr("Error"), r->errorMessage},
        {tr("Stopped by"), r->stopReason},
        {tr("Client disconnected"), r->clientDisconnected ? tr("yes") : tr("no")},
    };
    QString html = QStringLiteral("<table cellspacing='2' cellpadding='2'>");
    for (const auto& [name, value] : fields) {
        if (value.isEmpty())
            continue;
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    m_detail->setHtml(html);
}

} // namespace tollgate::ui
