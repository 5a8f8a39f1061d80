#include "panels/requests/requestspanel.h"

#include "widgets/paneltitle.h"

#include "models/dailytotals.h"
#include "models/requestlogmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace tollgate::ui {

namespace {

// Repopulates a filter combo box with "any" first, keeping the chosen value (also when the newest
// rows no longer have it: the user chose it, and it may still match older rows).
void fillChoices(QComboBox* box, const QString& anyText, QStringList values, const QString& emptyText)
{
    const QVariant chosen = box->currentData();
    if (chosen.isValid() && !values.contains(chosen.toString())) {
        values.append(chosen.toString());
        values.sort();
    }
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
    : QWidget(parent), m_model(new RequestLogModel(this)), m_providerFilter(new QComboBox(this)),
      m_modelFilter(new QComboBox(this)), m_statusFilter(new QComboBox(this)), m_textFilter(new QLineEdit(this)),
      m_textDelay(new QTimer(this)), m_liveCheck(new QCheckBox(tr("Live"), this)),
      m_refreshButton(new QPushButton(tr("Refresh"), this)), m_previousButton(new QPushButton(tr("Previous"), this)),
      m_nextButton(new QPushButton(tr("Next"), this)), m_pageLabel(new QLabel(this)), m_countLabel(new QLabel(this)),
      m_table(new QTableView(this)), m_detail(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("requestsPanel"));
    m_model->setObjectName(QStringLiteral("requestLogModel"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(panelTitle(tr("Requests"), QStringLiteral("requestsTitle"), this));

    auto* filters = new QHBoxLayout;
    m_providerFilter->setObjectName(QStringLiteral("providerFilter"));
    m_modelFilter->setObjectName(QStringLiteral("modelFilter"));
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    m_textFilter->setObjectName(QStringLiteral("textFilter"));
    m_liveCheck->setObjectName(QStringLiteral("liveCheck"));
    m_refreshButton->setObjectName(QStringLiteral("refreshButton"));
    m_previousButton->setObjectName(QStringLiteral("previousPageButton"));
    m_nextButton->setObjectName(QStringLiteral("nextPageButton"));
    m_pageLabel->setObjectName(QStringLiteral("pageLabel"));
    m_countLabel->setObjectName(QStringLiteral("requestCountLabel"));
    m_providerFilter->addItem(tr("All providers"));
    m_modelFilter->addItem(tr("All models"));
    m_statusFilter->addItem(tr("Any status"), int(RequestLogQuery::Status::Any));
    m_statusFilter->addItem(tr("Success (2xx, 3xx)"), int(RequestLogQuery::Status::Success));
    m_statusFilter->addItem(tr("Client errors (4xx)"), int(RequestLogQuery::Status::ClientError));
    m_statusFilter->addItem(tr("Server errors (5xx)"), int(RequestLogQuery::Status::ServerError));
    m_statusFilter->addItem(tr("Client left"), int(RequestLogQuery::Status::ClientLeft));
    m_textFilter->setPlaceholderText(tr("Search id, model, error…"));
    m_textFilter->setClearButtonEnabled(true);
    m_liveCheck->setChecked(true);
    m_liveCheck->setToolTip(tr("Show new requests on the first page as they arrive"));
    filters->addWidget(m_providerFilter);
    filters->addWidget(m_modelFilter);
    filters->addWidget(m_statusFilter);
    filters->addWidget(m_textFilter, 1);
    filters->addWidget(m_liveCheck);
    filters->addWidget(m_refreshButton);
    layout->addLayout(filters);

    m_table->setObjectName(QStringLiteral("requestsTable"));
    m_table->setModel(m_model);
    // The header's sort indicator asks the model, which orders the whole log in the store.
    m_table->horizontalHeader()->setSortIndicator(RequestLogModel::Time, Qt::DescendingOrder);
    m_table->setSortingEnabled(true);
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

    auto* paging = new QHBoxLayout;
    paging->addWidget(m_countLabel, 1);
    paging->addWidget(m_previousButton);
    paging->addWidget(m_pageLabel);
    paging->addWidget(m_nextButton);
    layout->addLayout(paging);

    // Typing runs one query when the user pauses, not one per key.
    m_textDelay->setSingleShot(true);
    m_textDelay->setInterval(250);

    connect(m_model, &RequestLogModel::pageLoaded, this, &RequestsPanel::onPageLoaded);
    connect(m_model, &RequestLogModel::readFailed, this, [this](const QString& error) {
        m_countLabel->setText(tr("Request log not available: %1").arg(error));
        Q_EMIT refreshed();
    });
    connect(m_refreshButton, &QPushButton::clicked, this, &RequestsPanel::refresh);
    connect(m_previousButton, &QPushButton::clicked, this, [this] { m_model->setPage(m_model->page() - 1); });
    connect(m_nextButton, &QPushButton::clicked, this, [this] { m_model->setPage(m_model->page() + 1); });
    connect(m_providerFilter, &QComboBox::currentIndexChanged, this, &RequestsPanel::applyFilters);
    connect(m_modelFilter, &QComboBox::currentIndexChanged, this, &RequestsPanel::applyFilters);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &RequestsPanel::applyFilters);
    connect(m_textFilter, &QLineEdit::textChanged, m_textDelay, qOverload<>(&QTimer::start));
    connect(m_textDelay, &QTimer::timeout, this, &RequestsPanel::applyFilters);
    connect(m_liveCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            refresh();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RequestsPanel::onSelectionChanged);
    m_countLabel->setText(tr("No requests yet"));
    updatePaging();
    showDetail();
}

RequestsPanel::~RequestsPanel() = default;

void RequestsPanel::setDatabasePath(const QString& path)
{
    if (path == m_model->databasePath())
        return;
    m_shown.reset();
    showDetail();
    m_model->setDatabasePath(path);
    updatePaging();
}

void RequestsPanel::refresh()
{
    m_model->refresh();
}

void RequestsPanel::onStats(const telemetry::StatsSnapshot& snapshot)
{
    if (snapshot.intervalRequests() > 0)
        m_trailingRefreshes = 2;
    if (m_trailingRefreshes > 0 && m_liveCheck->isChecked() && m_model->refreshLive())
        --m_trailingRefreshes;
}

void RequestsPanel::onPageLoaded()
{
    if (m_firstRows && m_model->rowCount() > 0) {
        // Fit the columns to the first rows once; later the user's widths stay.
        m_firstRows = false;
        m_table->resizeColumnsToContents();
        m_table->horizontalHeader()->setStretchLastSection(true);
    }
    // A new order, filter or page replaces the rows (a reset); the request whose details are
    // shown is selected again when it is among them.
    if (m_shown && !m_table->selectionModel()->hasSelection()) {
        const int row = m_model->rowOfRequest(m_shown->requestId);
        if (row >= 0) {
            const QSignalBlocker blocker(m_table->selectionModel());
            m_table->selectionModel()->setCurrentIndex(m_model->index(row, 0), QItemSelectionModel::ClearAndSelect
                                                                                   | QItemSelectionModel::Rows);
            m_table->viewport()->update();
        }
    }
    updateFilterChoices();
    updatePaging();
    Q_EMIT refreshed();
}

void RequestsPanel::updateFilterChoices()
{
    fillChoices(m_providerFilter, tr("All providers"), m_model->providerChoices(), tr("(gateway)"));
    fillChoices(m_modelFilter, tr("All models"), m_model->modelChoices(), tr("(none)"));
}

void RequestsPanel::applyFilters()
{
    m_textDelay->stop();
    RequestLogQuery filter;
    const QVariant provider = m_providerFilter->currentData();
    filter.provider = provider.isValid() ? provider.toString() : QString();
    if (provider.isValid() && filter.provider.isNull())
        filter.provider = QLatin1String(""); // the gateway's own answers: empty, not null
    const QVariant model = m_modelFilter->currentData();
    filter.model = model.isValid() ? model.toString() : QString();
    if (model.isValid() && filter.model.isNull())
        filter.model = QLatin1String("");
    filter.status = RequestLogQuery::Status(m_statusFilter->currentData().toInt());
    filter.text = m_textFilter->text();
    m_model->setFilter(filter);
    updatePaging();
}

void RequestsPanel::updatePaging()
{
    const QLocale locale;
    const int page = m_model->page() + 1;
    const bool current = m_model->isCurrent();
    m_previousButton->setEnabled(m_model->hasPreviousPage());
    m_nextButton->setEnabled(m_model->hasNextPage());
    if (m_model->matchingCountCapped())
        m_pageLabel->setText(tr("Page %1 of more than %2").arg(locale.toString(page), locale.toString(m_model->pageCount())));
    else
        m_pageLabel->setText(tr("Page %1 of %2").arg(locale.toString(page), locale.toString(m_model->pageCount())));
    if (!current)
        return; // the count label keeps the last answer until the new one arrives
    if (m_model->matchingCount() == 0)
        m_countLabel->setText(tr("No matching requests"));
    else if (m_model->matchingCountCapped())
        m_countLabel->setText(tr("More than %1 matching requests").arg(locale.toString(m_model->matchingCount())));
    else
        m_countLabel->setText(tr("%n matching request(s)", nullptr, int(qMin<qint64>(m_model->matchingCount(), INT_MAX))));
}

void RequestsPanel::onSelectionChanged()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    // No selection left (the row scrolled off the page, or a new page came): keep its details.
    if (rows.isEmpty())
        return;
    const RequestLogRecord* r = m_model->recordAt(rows.first().row());
    if (!r)
        return;
    m_shown = *r;
    showDetail();
}

void RequestsPanel::showDetail()
{
    if (!m_shown) {
        m_detail->setHtml(QStringLiteral("<p><i>%1</i></p>")
                              .arg(tr("Select a request to see its details.").toHtmlEscaped()));
        return;
    }
    const RequestLogRecord* r = &*m_shown;
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
