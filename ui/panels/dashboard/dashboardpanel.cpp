#include "panels/dashboard/dashboardpanel.h"

#include "budget/budgetservice.h"
#include "budget/spendbreakdown.h"
#include "models/budgettask.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPen>
#include <QPieSeries>
#include <QPieSlice>
#include <QTimeZone>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace tollgate::ui {

namespace {

QColor providerColor(int index)
{
    static const QColor palette[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e),
                                     QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28),
                                     QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                     QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};
    return palette[index % int(std::size(palette))];
}

// A round upper bound for a y axis, so the scale does not twitch with every point.
double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

DashboardPanel::DashboardPanel(QWidget* parent) : QWidget(parent), m_windowSelector(new QComboBox(this))
{
    setObjectName(QStringLiteral("dashboardPanel"));
    auto* layout = new QVBoxLayout(this);

    auto* header = new QHBoxLayout;
    auto* title = new QLabel(tr("Dashboard"), this);
    title->setObjectName(QStringLiteral("dashboardTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    header->addWidget(title);
    header->addStretch(1);
    auto* windowLabel = new QLabel(tr("Window:"), this);
    header->addWidget(windowLabel);
    m_windowSelector->setObjectName(QStringLiteral("windowSelector"));
    m_windowSelector->addItem(tr("15 min"), int(DashboardHistory::FifteenMinutes));
    m_windowSelector->addItem(tr("1 h"), int(DashboardHistory::OneHour));
    m_windowSelector->addItem(tr("24 h"), int(DashboardHistory::OneDay));
    windowLabel->setBuddy(m_windowSelector);
    connect(m_windowSelector, &QComboBox::currentIndexChanged, this, [this](int index) {
        setWindow(DashboardHistory::Window(m_windowSelector->itemData(index).toInt()));
    });
    header->addWidget(m_windowSelector);
    layout->addLayout(header);

    auto* tiles = new QHBoxLayout;
    tiles->addWidget(makeTile(QStringLiteral("kpiRequests"), tr("Requests today"), &m_requestsValue));
    tiles->addWidget(makeTile(QStringLiteral("kpiErrors"), tr("Errors today"), &m_errorsValue));
    tiles->addWidget(makeTile(QStringLiteral("kpiTokens"), tr("Tokens today (in / out)"), &m_tokensValue));
    tiles->addWidget(makeTile(QStringLiteral("kpiSpend"), tr("Spend today"), &m_spendValue));
    layout->addLayout(tiles);

    auto* charts = new QGridLayout;
    charts->addWidget(makeChartView(QStringLiteral("requestsChart"), tr("Requests per second by provider"),
                                    &m_requestsChart, &m_requestsX, &m_requestsY, tr("req/s")),
                      0, 0, 1, 2);
    m_shareChart = new QChart;
    m_shareChart->setObjectName(QStringLiteral("shareChart"));
    m_shareChart->setTitle(tr("Share of requests"));
    m_shareChart->setMargins(QMargins(4, 4, 4, 4));
    m_shareChart->legend()->setAlignment(Qt::AlignBottom);
    m_share = new QPieSeries; // owned by the chart once added
    m_share->setObjectName(QStringLiteral("share"));
    m_share->setHoleSize(0.35);
    m_shareChart->addSeries(m_share);
    auto* shareView = new QChartView(m_shareChart, this);
    shareView->setObjectName(QStringLiteral("shareChartView"));
    shareView->setRenderHint(QPainter::Antialiasing);
    shareView->setMinimumHeight(180);
    charts->addWidget(shareView, 0, 2);
    charts->addWidget(makeChartView(QStringLiteral("latencyChart"), tr("Latency: p50 solid, p95 dashed"),
                                    &m_latencyChart, &m_latencyX, &m_latencyY, tr("ms")),
                      1, 0);
    charts->addWidget(makeChartView(QStringLiteral("errorRateChart"), tr("Error rate"), &m_errorChart,
                                    &m_errorX, &m_errorY, tr("%")),
                      1, 1);
    charts->addWidget(makeChartView(QStringLiteral("costChart"), tr("Spend per second"), &m_costChart,
                                    &m_costX, &m_costY, tr("amount")),
                      1, 2);
    charts->addWidget(makeChartView(QStringLiteral("teamSpendChart"),
                                    tr("Spend by team (from the spend ledger)"), &m_teamChart, &m_teamX,
                                    &m_teamY, tr("amount")),
                      2, 0, 1, 2);
    charts->addWidget(makeChartView(QStringLiteral("currencySpendChart"), tr("Spend by currency"),
                                    &m_currencyChart, &m_currencyX, &m_currencyY, tr("amount")),
                      2, 2);
    charts->setRowStretch(0, 1);
    charts->setRowStretch(1, 1);
    charts->setRowStretch(2, 1);
    // The small charts: fewer time labels so they are not cut short; the latency lines take
    // their providers' colours from the requests chart, whose legend names them.
    for (QDateTimeAxis* axis : {m_latencyX, m_errorX, m_costX, m_currencyX})
        axis->setTickCount(4);
    for (QValueAxis* axis : {m_teamY, m_currencyY})
        axis->setLabelFormat(QStringLiteral("%.4g"));
    m_latencyChart->legend()->hide();
    for (int column = 0; column < 3; ++column)
        charts->setColumnStretch(column, 1);
    layout->addLayout(charts, 1);
    m_ratesLabel = new QLabel(this);
    m_ratesLabel->setObjectName(QStringLiteral("spendRatesLabel"));
    m_ratesLabel->setWordWrap(true);
    m_ratesLabel->setTextFormat(Qt::PlainText);
    m_ratesLabel->hide();
    layout->addWidget(m_ratesLabel);

    m_errorSeries = new QLineSeries; // owned by the chart once added
    m_errorSeries->setObjectName(QStringLiteral("errorRate"));
    m_errorSeries->setName(tr("errors"));
    m_errorSeries->setColor(QColor(0xd6, 0x27, 0x28));
    m_errorChart->addSeries(m_errorSeries);
    m_errorSeries->attachAxis(m_errorX);
    m_errorSeries->attachAxis(m_errorY);
    m_errorChart->legend()->hide();
    m_seriesByName.insert(m_errorSeries->objectName(), m_errorSeries);

    updateTiles();
    redraw();
}

DashboardPanel::~DashboardPanel() = default;

QWidget* DashboardPanel::makeTile(const QString& objectName, const QString& title, QLabel** value)
{
    auto* tile = new QFrame(this);
    tile->setObjectName(objectName);
    tile->setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(tile);
    auto* caption = new QLabel(title, tile);
    caption->setObjectName(objectName + QStringLiteral("Title"));
    *value = new QLabel(tile);
    (*value)->setObjectName(objectName + QStringLiteral("Value"));
    QFont font = (*value)->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    (*value)->setFont(font);
    (*value)->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(caption);
    layout->addWidget(*value);
    return tile;
}

QChartView* DashboardPanel::makeChartView(const QString& objectName, const QString& title, QChart** chart,
                                          QDateTimeAxis** x, QValueAxis** y, const QString& yTitle)
{
    *chart = new QChart;
    (*chart)->setObjectName(objectName);
    (*chart)->setTitle(title);
    (*chart)->setMargins(QMargins(4, 4, 4, 4));
    (*chart)->legend()->setAlignment(Qt::AlignBottom);
    *x = new QDateTimeAxis;
    (*x)->setFormat(QStringLiteral("HH:mm"));
    (*x)->setTickCount(6);
    *y = new QValueAxis;
    (*y)->setTitleText(yTitle);
    (*y)->setLabelFormat(QStringLiteral("%g"));
    (*y)->setRange(0, 1);
    (*chart)->addAxis(*x, Qt::AlignBottom);
    (*chart)->addAxis(*y, Qt::AlignLeft);
    auto* view = new QChartView(*chart, this); // takes ownership of the chart
    view->setObjectName(objectName + QStringLiteral("View"));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    return view;
}

QColor DashboardPanel::colorFor(const QString& provider) const
{
    return m_providerSeries.value(provider).color;
}

QLineSeries* DashboardPanel::costSeriesFor(const QString& currency)
{
    if (QLineSeries* existing = m_costSeries.value(currency))
        return existing;
    auto* series = new QLineSeries; // owned by the chart once added
    series->setObjectName(QStringLiteral("cost:") + currency);
    series->setName(currency);
    series->setPen(QPen(providerColor(int(m_costSeries.size()) + 3), 2));
    m_costChart->addSeries(series);
    series->attachAxis(m_costX);
    series->attachAxis(m_costY);
    m_costSeries.insert(currency, series);
    m_seriesByName.insert(series->objectName(), series);
    return series;
}

QString DashboardPanel::displayName(const QString& provider) const
{
    return provider.isEmpty() ? tr("gateway") : provider;
}

DashboardPanel::ProviderSeries& DashboardPanel::seriesFor(const QString& provider)
{
    auto found = m_providerSeries.find(provider);
    if (found != m_providerSeries.end())
        return *found;
    const QColor color = providerColor(int(m_providerSeries.size()));
    ProviderSeries s;
    s.color = color;
    // The area's edges are not added to the chart itself, so the panel owns them.
    s.upper = new QLineSeries(this);
    s.upper->setObjectName(QStringLiteral("requests:") + provider);
    s.lower = new QLineSeries(this);
    s.area = new QAreaSeries(s.upper, s.lower);
    s.area->setName(displayName(provider));
    s.area->setColor(color);
    s.area->setBorderColor(color.darker(120));
    m_requestsChart->addSeries(s.area);
    s.area->attachAxis(m_requestsX);
    s.area->attachAxis(m_requestsY);

    s.p50 = new QLineSeries;
    s.p50->setObjectName(QStringLiteral("p50:") + provider);
    s.p50->setName(tr("%1 p50").arg(displayName(provider)));
    s.p50->setPen(QPen(color, 2));
    s.p95 = new QLineSeries;
    s.p95->setObjectName(QStringLiteral("p95:") + provider);
    s.p95->setName(tr("%1 p95").arg(displayName(provider)));
    s.p95->setPen(QPen(color, 1.5, Qt::DashLine));
    m_latencyChart->addSeries(s.p50);
    m_latencyChart->addSeries(s.p95);
    for (QLineSeries* line : {s.p50, s.p95}) {
        line->attachAxis(m_latencyX);
        line->attachAxis(m_latencyY);
    }
    m_seriesByName.insert(s.upper->objectName(), s.upper);
    m_seriesByName.insert(s.p50->objectName(), s.p50);
    m_seriesByName.insert(s.p95->objectName(), s.p95);
    return *m_providerSeries.insert(provider, s);
}

void DashboardPanel::addSnapshot(const telemetry::StatsSnapshot& snapshot)
{
    m_history.add(snapshot);
    m_today.add(snapshot);
    updateTiles();
    // A per-second point is whole when its snapshot arrives; coarser ones are drawn as they complete.
    if (m_window == DashboardHistory::FifteenMinutes ||
        m_history.completedCount(m_window) != m_drawnCompleted)
        redraw();
    pollSpend();
}

void DashboardPanel::setWindow(DashboardHistory::Window window)
{
    if (window == m_window)
        return;
    m_window = window;
    const int index = m_windowSelector->findData(int(window));
    if (index >= 0 && index != m_windowSelector->currentIndex())
        m_windowSelector->setCurrentIndex(index);
    redraw();
    pollSpend(true);
}

void DashboardPanel::updateTiles()
{
    const QLocale locale;
    m_requestsValue->setText(locale.toString(qlonglong(m_today.requests())));
    const double errorRate =
        m_today.requests() ? 100.0 * double(m_today.errors()) / double(m_today.requests()) : 0.0;
    m_errorsValue->setText(
        tr("%1 (%2%)").arg(locale.toString(qlonglong(m_today.errors())), locale.toString(errorRate, 'f', 1)));
    m_tokensValue->setText(tr("%1 / %2").arg(locale.toString(qlonglong(m_today.inputTokens())),
                                             locale.toString(qlonglong(m_today.outputTokens()))));
    if (m_displayCurrency.isEmpty()) {
        QStringList spend;
        for (auto it = m_today.costMicros().cbegin(); it != m_today.costMicros().cend(); ++it)
            spend << DailyTotals::formatMoney(it.value(), it.key());
        m_spendValue->setText(spend.isEmpty() ? tr("none") : spend.join(QLatin1Char('\n')));
        m_spendValue->setToolTip(QString());
        updateRatesLabel();
        return;
    }
    const ConvertedSpend today = convertedToday();
    QStringList lines;
    if (today.micros != 0 || today.complete())
        lines << DailyTotals::formatMoney(today.micros, m_displayCurrency);
    for (auto it = today.missing.cbegin(); it != today.missing.cend(); ++it)
        lines << tr("+ %1 (no rate to %2)")
                     .arg(DailyTotals::formatMoney(it.value(), it.key()), m_displayCurrency);
    m_spendValue->setText(m_today.costMicros().isEmpty() ? tr("none") : lines.join(QLatin1Char('\n')));
    QStringList original;
    for (auto it = m_today.costMicros().cbegin(); it != m_today.costMicros().cend(); ++it)
        original << DailyTotals::formatMoney(it.value(), it.key());
    m_spendValue->setToolTip(
        original.isEmpty() ? QString() : tr("As spent: %1").arg(original.join(QStringLiteral(", "))));
    updateRatesLabel();
}

ConvertedSpend DashboardPanel::convertedToday() const
{
    return ConvertedSpend::convert(m_today.costMicros(), m_displayCurrency,
                                   QDateTime::currentDateTimeUtc().date(), m_rates.get());
}

QString DashboardPanel::spendTodayText() const
{
    if (m_displayCurrency.isEmpty() || m_today.costMicros().isEmpty())
        return m_today.spendText();
    const ConvertedSpend today = convertedToday();
    QStringList parts;
    if (today.micros != 0 || today.complete())
        parts << DailyTotals::formatMoney(today.micros, m_displayCurrency);
    for (auto it = today.missing.cbegin(); it != today.missing.cend(); ++it)
        parts << tr("%1 (no rate)").arg(DailyTotals::formatMoney(it.value(), it.key()));
    return parts.join(QStringLiteral(" + "));
}

QString DashboardPanel::missingText(const QMap<QString, std::int64_t>& missing) const
{
    QStringList parts;
    for (auto it = missing.cbegin(); it != missing.cend(); ++it)
        parts << DailyTotals::formatMoney(it.value(), it.key());
    return tr("No exchange rate to %1 for %2: shown in its own currency, not in the converted totals.")
        .arg(m_displayCurrency, parts.join(QStringLiteral(", ")));
}

void DashboardPanel::setDisplayCurrency(const QString& currency)
{
    const QString code = Money::isValidCurrencyCode(currency) ? currency : QString();
    if (code == m_displayCurrency)
        return;
    m_displayCurrency = code;
    updateTiles();
    redraw();
    pollSpend(true);
}

void DashboardPanel::setExchangeRates(std::shared_ptr<const budget::ExchangeRates> rates)
{
    m_rates = std::move(rates);
    updateTiles();
    redraw();
}

void DashboardPanel::setBudgetService(std::shared_ptr<budget::BudgetService> service)
{
    if (service == m_service)
        return;
    m_service = std::move(service);
    ++m_spendGeneration;
    m_polling = false;
    if (m_service)
        setExchangeRates(m_service->rates());
    pollSpend(true);
}

void DashboardPanel::pollSpend(bool force)
{
    if (!m_service || m_polling)
        return;
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    if (!force && now - m_lastPollMs < m_spendPollMs)
        return;
    m_polling = true;
    m_lastPollMs = now;
    // Buckets of about a hundred per window: 10 s for 15 min, 1 min for 1 h, 15 min for 24 h.
    const std::int64_t bucketMs = m_window == DashboardHistory::FifteenMinutes ? 10'000
                                  : m_window == DashboardHistory::OneHour      ? 60'000
                                                                               : 15 * 60'000;
    const std::int64_t from = (now - DashboardHistory::spanMs(m_window)) / bucketMs * bucketMs;
    const QString display =
        m_displayCurrency.isEmpty() ? m_service->config().displayCurrency : m_displayCurrency;
    const quint64 generation = m_spendGeneration;
    struct SpendRead
    {
        SpendSeries series;
        QString error;
        std::int64_t fromMs = 0;
    };
    runBudgetTask(
        this,
        [service = m_service, from, now, bucketMs, display] {
            SpendRead read;
            read.fromMs = from;
            budget::SpendBucketQuery query;
            query.fromMs = from;
            query.toMs = now + 60'000; // rows settled while the query runs count too
            query.bucketMs = bucketMs;
            query.dimension = budget::SpendDimension::Team;
            auto teams = budget::spendBuckets(service->databasePath(), query);
            query.dimension = budget::SpendDimension::Currency;
            auto currencies = budget::spendBuckets(service->databasePath(), query);
            if (!teams || !currencies) {
                read.error = !teams ? teams.error().message : currencies.error().message;
                return read;
            }
            const auto rates = service->rates();
            read.series = SpendSeries::build(*teams, *currencies, from, display, rates.get());
            return read;
        },
        [this, generation](const SpendRead& read) {
            if (generation != m_spendGeneration)
                return;
            m_polling = false;
            if (!read.error.isEmpty()) {
                m_ratesLabel->setText(tr("The spend ledger could not be read: %1").arg(read.error));
                m_ratesLabel->show();
                return;
            }
            m_spend = read.series;
            m_spendFromMs = read.fromMs;
            drawSpendSeries();
            Q_EMIT spendSeriesUpdated();
        });
}

QLineSeries* DashboardPanel::lineFor(QHash<QString, QLineSeries*>& lines, QChart* chart, QDateTimeAxis* x,
                                     QValueAxis* y, const QString& prefix, const QString& key,
                                     const QString& label)
{
    if (QLineSeries* existing = lines.value(key)) {
        existing->setName(label);
        return existing;
    }
    auto* series = new QLineSeries; // owned by the chart once added
    series->setObjectName(prefix + key);
    series->setName(label);
    series->setPen(QPen(providerColor(int(lines.size())), 2));
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    lines.insert(key, series);
    m_seriesByName.insert(series->objectName(), series);
    return series;
}

void DashboardPanel::drawSpendSeries()
{
    const QString display =
        m_displayCurrency.isEmpty() && m_service ? m_service->config().displayCurrency : m_displayCurrency;
    double maxTeam = 0;
    for (auto it = m_teamLines.begin(); it != m_teamLines.end(); ++it)
        it.value()->setVisible(m_spend.teams.contains(it.key()));
    for (auto it = m_spend.teams.cbegin(); it != m_spend.teams.cend(); ++it) {
        const QString name = it.key().isEmpty() ? tr("(no key)") : it.key();
        QLineSeries* line = lineFor(
            m_teamLines, m_teamChart, m_teamX, m_teamY, QStringLiteral("teamSpend:"), it.key(),
            tr("%1: %2").arg(name, DailyTotals::formatMoney(m_spend.teamTotals.value(it.key()), display)));
        line->replace(it.value());
        line->setVisible(true);
        for (const QPointF& p : it.value())
            maxTeam = std::max(maxTeam, p.y());
    }
    double maxCurrency = 0;
    for (auto it = m_currencyLines.begin(); it != m_currencyLines.end(); ++it)
        it.value()->setVisible(it.key() == QLatin1String("total") || m_spend.currencies.contains(it.key()));
    for (auto it = m_spend.currencies.cbegin(); it != m_spend.currencies.cend(); ++it) {
        const bool noRate = m_spend.missing.contains(it.key());
        const QString amount = DailyTotals::formatMoney(
            it.value().isEmpty() ? 0 : std::int64_t(std::llround(it.value().last().y() * 1e6)), it.key());
        QLineSeries* line = lineFor(m_currencyLines, m_currencyChart, m_currencyX, m_currencyY,
                                    QStringLiteral("currencySpend:"), it.key(),
                                    noRate ? tr("%1 (no rate to %2)").arg(amount, display) : amount);
        line->replace(it.value());
        line->setVisible(true);
        for (const QPointF& p : it.value())
            maxCurrency = std::max(maxCurrency, p.y());
    }
    QLineSeries* total = lineFor(m_currencyLines, m_currencyChart, m_currencyX, m_currencyY,
                                 QStringLiteral("currencySpend:"), QStringLiteral("total"),
                                 tr("total %1").arg(DailyTotals::formatMoney(m_spend.totalMicros, display)));
    QPen pen(QColor(0x30, 0x30, 0x30), 2, Qt::DashLine);
    total->setPen(pen);
    total->replace(m_spend.total);
    for (const QPointF& p : m_spend.total)
        maxCurrency = std::max(maxCurrency, p.y());

    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(m_spendFromMs);
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(std::max(now, m_spendFromMs + 1000));
    for (QDateTimeAxis* axis : {m_teamX, m_currencyX}) {
        axis->setRange(start, end);
        axis->setFormat(QStringLiteral("HH:mm"));
    }
    m_teamY->setRange(0, maxTeam > 0 ? niceCeiling(maxTeam * 1.1) : 0.01);
    m_teamY->setTitleText(display);
    m_currencyY->setRange(0, maxCurrency > 0 ? niceCeiling(maxCurrency * 1.1) : 0.01);
    m_teamChart->setTitle(tr("Spend by team in %1 (cumulative)").arg(display));
    m_currencyChart->setTitle(tr("Spend by currency (cumulative)"));

    updateRatesLabel();
}

void DashboardPanel::updateRatesLabel()
{
    // The ledger's window and today's telemetry overlap: show the larger amount per currency.
    QMap<QString, std::int64_t> missing = m_service ? m_spend.missing : QMap<QString, std::int64_t>();
    if (!m_displayCurrency.isEmpty()) {
        const ConvertedSpend today = convertedToday();
        for (auto it = today.missing.cbegin(); it != today.missing.cend(); ++it)
            missing[it.key()] = std::max(missing.value(it.key()), it.value());
    }
    m_ratesLabel->setVisible(!missing.isEmpty());
    m_ratesLabel->setText(missing.isEmpty() ? QString() : missingText(missing));
}

void DashboardPanel::redraw()
{
    const std::vector<HistoryPoint> points = m_history.points(m_window);
    m_drawnCompleted = m_history.completedCount(m_window);
    const std::int64_t resolution = DashboardHistory::resolutionMs(m_window);
    const std::int64_t latest =
        m_history.latestMs() ? m_history.latestMs() : QDateTime::currentMSecsSinceEpoch();

    QStringList providers;
    for (const HistoryPoint& p : points) {
        for (auto it = p.providers.cbegin(); it != p.providers.cend(); ++it) {
            if (!providers.contains(it.key()))
                providers << it.key();
        }
    }
    providers.sort();
    for (const QString& provider : providers)
        seriesFor(provider);

    // Stacked: each provider's area sits on the sum of the providers before it.
    std::vector<double> base(points.size(), 0.0);
    double maxRate = 0;
    double maxLatencyMs = 0;
    for (auto it = m_providerSeries.begin(); it != m_providerSeries.end(); ++it) {
        const bool shown = providers.contains(it.key());
        it->area->setVisible(shown);
        it->p50->setVisible(shown);
        it->p95->setVisible(shown);
    }
    for (const QString& provider : providers) {
        ProviderSeries& s = m_providerSeries[provider];
        QList<QPointF> upper, lower, p50, p95;
        upper.reserve(qsizetype(points.size()));
        lower.reserve(qsizetype(points.size()));
        for (size_t i = 0; i < points.size(); ++i) {
            const HistoryPoint& point = points[i];
            // The bucket still filling is divided by the time it has covered so far.
            const std::int64_t covered =
                i + 1 == points.size() ? std::clamp<std::int64_t>(latest - point.startMs, 1000, resolution)
                                       : resolution;
            const auto found = point.providers.constFind(provider);
            const double rate =
                found == point.providers.cend() ? 0.0 : double(found->requests) * 1000.0 / double(covered);
            const double x = double(point.startMs);
            lower << QPointF(x, base[i]);
            base[i] += rate;
            upper << QPointF(x, base[i]);
            maxRate = std::max(maxRate, base[i]);
            if (found != point.providers.cend() && found->requests > 0) {
                p50 << QPointF(x, found->latencyP50Us / 1000.0);
                p95 << QPointF(x, found->latencyP95Us / 1000.0);
                maxLatencyMs = std::max(maxLatencyMs, found->latencyP95Us / 1000.0);
            }
        }
        s.upper->replace(upper);
        s.lower->replace(lower);
        s.p50->replace(p50);
        s.p95->replace(p95);
    }

    QList<QPointF> errors;
    double maxErrorRate = 0;
    for (const HistoryPoint& point : points) {
        const std::int64_t requests = point.requests();
        if (requests == 0)
            continue;
        const double rate = 100.0 * double(point.errors()) / double(requests);
        errors << QPointF(double(point.startMs), rate);
        maxErrorRate = std::max(maxErrorRate, rate);
    }
    m_errorSeries->replace(errors);

    // Spend per bucket. Amounts in different currencies are never summed as they are: with a
    // display currency they are converted with the rate of the bucket's day, and only what has
    // no rate keeps a line of its own; without one, each currency has its line.
    std::vector<QMap<QString, std::int64_t>> perBucket(points.size());
    QMap<QString, QList<QPointF>> costs;
    for (size_t i = 0; i < points.size(); ++i) {
        for (const ProviderPoint& p : points[i].providers) {
            for (auto it = p.costMicros.cbegin(); it != p.costMicros.cend(); ++it)
                perBucket[i][it.key()] += it.value();
        }
    }
    if (m_displayCurrency.isEmpty()) {
        for (const auto& bucket : perBucket) {
            for (auto it = bucket.cbegin(); it != bucket.cend(); ++it)
                costs[it.key()];
        }
    } else {
        std::vector<QMap<QString, std::int64_t>> converted(points.size());
        for (size_t i = 0; i < points.size(); ++i) {
            if (perBucket[i].isEmpty())
                continue;
            const QDate day = QDateTime::fromMSecsSinceEpoch(points[i].startMs, QTimeZone::utc()).date();
            const ConvertedSpend c =
                ConvertedSpend::convert(perBucket[i], m_displayCurrency, day, m_rates.get());
            converted[i].insert(m_displayCurrency, c.micros);
            costs[m_displayCurrency];
            for (auto it = c.missing.cbegin(); it != c.missing.cend(); ++it) {
                converted[i].insert(it.key(), it.value());
                costs[it.key()];
            }
        }
        perBucket = std::move(converted);
    }
    double maxCost = 0;
    for (auto c = costs.begin(); c != costs.end(); ++c) {
        for (size_t i = 0; i < points.size(); ++i) {
            const std::int64_t micros = perBucket[i].value(c.key());
            c->append(QPointF(double(points[i].startMs), double(micros) / 1e6));
            maxCost = std::max(maxCost, double(micros) / 1e6);
        }
        QLineSeries* line = costSeriesFor(c.key());
        line->setName(m_displayCurrency.isEmpty() || c.key() == m_displayCurrency
                          ? c.key()
                          : tr("%1 (no rate to %2)").arg(c.key(), m_displayCurrency));
    }
    for (auto it = m_costSeries.begin(); it != m_costSeries.end(); ++it) {
        it.value()->replace(costs.value(it.key()));
        it.value()->setVisible(costs.contains(it.key()));
    }

    // Share of requests over the window, one slice per provider in its colour.
    std::int64_t windowTotal = 0;
    QMap<QString, std::int64_t> perProvider;
    for (const HistoryPoint& point : points) {
        for (auto it = point.providers.cbegin(); it != point.providers.cend(); ++it) {
            perProvider[it.key()] += it->requests;
            windowTotal += it->requests;
        }
    }
    m_share->clear();
    for (auto it = perProvider.cbegin(); it != perProvider.cend(); ++it) {
        if (it.value() == 0)
            continue;
        const double percent = 100.0 * double(it.value()) / double(windowTotal);
        const QString percentText =
            percent < 1.0 ? tr("under 1%") : tr("%1%").arg(QString::number(percent, 'f', 0));
        QPieSlice* slice =
            m_share->append(tr("%1 %2").arg(displayName(it.key()), percentText), double(it.value()));
        slice->setProperty("provider", it.key());
        slice->setColor(colorFor(it.key()));
        slice->setBorderColor(Qt::white);
    }

    const QDateTime end = QDateTime::fromMSecsSinceEpoch(latest);
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(latest - DashboardHistory::spanMs(m_window));
    const QString format = QStringLiteral("HH:mm");
    for (QDateTimeAxis* axis : {m_requestsX, m_latencyX, m_errorX}) {
        axis->setRange(start, end);
        axis->setFormat(format);
    }
    m_requestsY->setRange(0, niceCeiling(maxRate * 1.1));
    m_latencyY->setRange(0, niceCeiling(maxLatencyMs * 1.1));
    m_errorY->setRange(0, maxErrorRate > 0 ? std::min(100.0, niceCeiling(maxErrorRate * 1.1)) : 1.0);
    m_costY->setLabelFormat(QStringLiteral("%.4g"));
    m_costY->setRange(0, maxCost > 0 ? niceCeiling(maxCost * 1.1) : 0.01);
    m_costX->setRange(start, end);
    m_costChart->setTitle(m_window == DashboardHistory::FifteenMinutes ? tr("Spend per second")
                          : m_window == DashboardHistory::OneHour      ? tr("Spend per 10 seconds")
                                                                       : tr("Spend per minute"));
    m_costX->setFormat(format);
}

QList<QPointF> DashboardPanel::seriesPoints(const QString& name) const
{
    const QXYSeries* series = m_seriesByName.value(name);
    return series ? series->points() : QList<QPointF>();
}

QMap<QString, double> DashboardPanel::providerShare() const
{
    QMap<QString, double> share;
    for (const QPieSlice* slice : m_share->slices())
        share.insert(slice->property("provider").toString(), slice->value());
    return share;
}

QStringList DashboardPanel::seriesNames() const
{
    QStringList names = m_seriesByName.keys();
    names.sort();
    return names;
}

} // namespace tollgate::ui
