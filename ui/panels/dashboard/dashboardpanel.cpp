#include "panels/dashboard/dashboardpanel.h"

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
    charts->setRowStretch(0, 1);
    charts->setRowStretch(1, 1);
    // The small charts: fewer time labels so they are not cut short; the latency lines take
    // their providers' colours from the requests chart, whose legend names them.
    for (QDateTimeAxis* axis : {m_latencyX, m_errorX, m_costX})
        axis->setTickCount(4);
    m_latencyChart->legend()->hide();
    for (int column = 0; column < 3; ++column)
        charts->setColumnStretch(column, 1);
    layout->addLayout(charts, 1);

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
    QStringList spend;
    for (auto it = m_today.costMicros().cbegin(); it != m_today.costMicros().cend(); ++it)
        spend << DailyTotals::formatMoney(it.value(), it.key());
    m_spendValue->setText(spend.isEmpty() ? tr("none") : spend.join(QLatin1Char('\n')));
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

    // Spend per bucket, one line per currency (amounts in different currencies are not summed).
    QMap<QString, QList<QPointF>> costs;
    for (const HistoryPoint& point : points) {
        for (const ProviderPoint& p : point.providers) {
            for (auto it = p.costMicros.cbegin(); it != p.costMicros.cend(); ++it)
                costs[it.key()];
        }
    }
    double maxCost = 0;
    for (auto c = costs.begin(); c != costs.end(); ++c) {
        for (const HistoryPoint& point : points) {
            std::int64_t micros = 0;
            for (const ProviderPoint& p : point.providers)
                micros += p.costMicros.value(c.key());
            c->append(QPointF(double(point.startMs), double(micros) / 1e6));
            maxCost = std::max(maxCost, double(micros) / 1e6);
        }
        costSeriesFor(c.key());
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
