#include "panels/audit/auditpanel.h"

#include "widgets/paneltitle.h"

#include "audit/decisionledger.h"
#include "audit/evidenceexport.h"
#include "audit/inclusionproof.h"
#include "models/auditrecordmodel.h"
#include "panels/audit/auditexportdialog.h"
#include "panels/audit/evidencepdf.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace tollgate::ui {

namespace {

// Runs `work` on the thread pool and hands its result to `done` on `owner`'s thread; nothing is
// delivered once `owner` is gone (the watcher is its child).
template <typename Work, typename Done> void runAsync(QObject* owner, Work work, Done done)
{
    using R = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<R>(owner);
    QObject::connect(watcher, &QFutureWatcher<R>::finished, owner, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

QString utcTime(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

struct ExportOutcome
{
    bool ok = false;
    QString message;
};

ExportOutcome writeEvidence(const QString& ledgerPath, std::int64_t fromMs, std::int64_t toMs,
                            const QString& format, const QString& path)
{
    EvidenceOptions options;
    options.fromMs = fromMs;
    options.toMs = toMs;
    Result<EvidenceReport> report = buildEvidence(ledgerPath, options);
    if (!report)
        return {false, report.error().message};
    QByteArray bytes;
    if (format == QLatin1String("csv"))
        bytes = evidenceToCsv(*report);
    else if (format == QLatin1String("json"))
        bytes = evidenceToJson(*report);
    else if (format == QLatin1String("pdf"))
        bytes = evidenceHtmlToPdf(evidenceToHtml(*report),
                                  QCoreApplication::translate("tollgate::ui::AuditPanel", "Tollgate evidence report"));
    else
        bytes = evidenceToHtml(*report);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return {false, QCoreApplication::translate("tollgate::ui::AuditPanel", "Cannot write %1: %2")
                           .arg(path, file.errorString())};
    return {true,
            QCoreApplication::translate("tollgate::ui::AuditPanel", "Wrote %1 (%n record(s) in the period).",
                                        nullptr, int(report->records))
                .arg(path)};
}

} // namespace

AuditPanel::AuditPanel(QWidget* parent)
    : QWidget(parent), m_model(new AuditRecordModel(this)), m_statusLabel(new QLabel(this)),
      m_refreshButton(new QPushButton(tr("Refresh"), this)),
      m_sealButton(new QPushButton(tr("Seal now"), this)),
      m_verifyButton(new QPushButton(tr("Verify"), this)),
      m_exportButton(new QPushButton(tr("Export…"), this)), m_verifyResult(new QLabel(this)),
      m_exportResult(new QLabel(this)), m_table(new QTableView(this)), m_detail(new QPlainTextEdit(this)),
      m_statusTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("auditPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(panelTitle(tr("Audit"), QStringLiteral("auditTitle"), this));

    m_statusLabel->setObjectName(QStringLiteral("auditStatusLabel"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_statusLabel);
    auto* buttons = new QHBoxLayout;
    m_refreshButton->setObjectName(QStringLiteral("auditRefreshButton"));
    m_sealButton->setObjectName(QStringLiteral("auditSealButton"));
    m_sealButton->setToolTip(tr("Seal the records written so far into a signed checkpoint now"));
    m_verifyButton->setObjectName(QStringLiteral("auditVerifyButton"));
    m_verifyButton->setToolTip(
        tr("Check the whole ledger: hash chain, Merkle roots and checkpoint signatures"));
    m_exportButton->setObjectName(QStringLiteral("auditExportButton"));
    for (QPushButton* b : {m_refreshButton, m_sealButton, m_verifyButton, m_exportButton})
        buttons->addWidget(b);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_verifyResult->setObjectName(QStringLiteral("auditVerifyResult"));
    m_verifyResult->setWordWrap(true);
    m_verifyResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_verifyResult);
    m_exportResult->setObjectName(QStringLiteral("auditExportResult"));
    m_exportResult->setWordWrap(true);
    layout->addWidget(m_exportResult);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    m_table->setObjectName(QStringLiteral("auditRecordsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(AuditRecordModel::TimeColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(AuditRecordModel::RequestIdColumn,
                                                      QHeaderView::ResizeToContents);
    splitter->addWidget(m_table);
    m_detail->setObjectName(QStringLiteral("auditDetail"));
    m_detail->setReadOnly(true);
    m_detail->setPlaceholderText(tr("Select a record to see it in full, with its inclusion proof."));
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    m_statusTimer->setInterval(5000);
    connect(m_statusTimer, &QTimer::timeout, this, &AuditPanel::refreshStatus);
    connect(m_refreshButton, &QPushButton::clicked, this, &AuditPanel::refresh);
    connect(m_sealButton, &QPushButton::clicked, this, &AuditPanel::seal);
    connect(m_verifyButton, &QPushButton::clicked, this, &AuditPanel::verify);
    connect(m_exportButton, &QPushButton::clicked, this, &AuditPanel::openExportDialog);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditPanel::showDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AuditPanel::showDetail);
    showStatus();
}

AuditPanel::~AuditPanel() = default;

void AuditPanel::setLedgerPath(const QString& path)
{
    if (path == m_path)
        return;
    m_path = path;
    m_status = {};
    m_verifyResult->clear();
    showStatus();
    m_model->setLedgerPath(path);
    refreshStatus();
}

void AuditPanel::setLedger(const std::shared_ptr<DecisionLedger>& ledger)
{
    m_ledger = ledger;
    if (ledger)
        setLedgerPath(ledger->path());
    m_sealButton->setEnabled(ledger != nullptr);
}

void AuditPanel::refresh()
{
    refreshStatus();
    m_model->refresh();
}

void AuditPanel::refreshStatus()
{
    if (m_path.isEmpty()) {
        m_status = {};
        showStatus();
        return;
    }
    const quint64 generation = ++m_statusGeneration;
    const QString path = m_path;
    runAsync(
        this, [path] { return readAuditStatus(path); },
        [this, generation](const AuditStatus& status) {
            if (generation != m_statusGeneration)
                return;
            m_status = status;
            showStatus();
            Q_EMIT statusLoaded();
        });
}

void AuditPanel::showStatus()
{
    m_sealButton->setEnabled(!m_ledger.expired());
    m_verifyButton->setEnabled(!m_path.isEmpty() && !m_verifying);
    m_exportButton->setEnabled(!m_path.isEmpty());
    if (m_path.isEmpty()) {
        m_statusLabel->setText(tr("No ledger: start the gateway to create one."));
        return;
    }
    if (!m_status.ok) {
        m_statusLabel->setText(m_status.error.isEmpty() ? tr("Reading %1…").arg(m_path) : m_status.error);
        return;
    }
    QString text = tr("%n record(s)", nullptr, int(m_status.records)) + QStringLiteral(", ") +
                   tr("%n checkpoint(s)", nullptr, int(m_status.checkpoints));
    if (m_status.checkpoints > 0)
        text += QStringLiteral(", ") + tr("last checkpoint %1").arg(utcTime(m_status.lastCheckpointMs));
    const std::int64_t unsealed = m_status.lastSeq - m_status.sealedThroughSeq;
    if (unsealed > 0)
        text += QStringLiteral("; ") + tr("%n record(s) not sealed yet", nullptr, int(unsealed));
    text += QStringLiteral("\n") + tr("Ledger %1 at %2").arg(QString::fromLatin1(m_status.ledgerId), m_path);
    m_statusLabel->setText(text);
}

void AuditPanel::verify()
{
    if (m_path.isEmpty() || m_verifying)
        return;
    m_verifying = true;
    m_verifyButton->setEnabled(false);
    m_verifyResult->setText(tr("Verifying…"));
    const QString path = m_path;
    runAsync(
        this, [path] { return verifyLedger(path); },
        [this](const LedgerVerifyReport& report) { onVerified(report); });
}

void AuditPanel::onVerified(const LedgerVerifyReport& report)
{
    m_verifying = false;
    m_verifyButton->setEnabled(!m_path.isEmpty());
    if (report.ok) {
        m_verifyResult->setText(tr("OK: %1").arg(report.message));
        m_verifyResult->setStyleSheet(QString());
    } else {
        QString text = tr("FAILED (%1): %2").arg(problemName(report.problem), report.message);
        if (report.firstBadSeq > 0)
            text += QLatin1Char('\n') + tr("First bad record: #%1 (request %2)")
                                            .arg(report.firstBadSeq)
                                            .arg(QString::fromUtf8(report.firstBadRequestId));
        m_verifyResult->setText(text);
        m_verifyResult->setStyleSheet(QStringLiteral("color: #b00020;"));
        const int row = m_model->rowOfSeq(report.firstBadSeq);
        if (row >= 0)
            m_table->selectRow(row);
    }
    Q_EMIT verifyFinished(report.ok);
}

void AuditPanel::seal()
{
    const std::shared_ptr<DecisionLedger> ledger = m_ledger.lock();
    if (!ledger)
        return;
    m_sealButton->setEnabled(false);
    // seal() waits for the writer thread (bounded by its timeout): on the pool, never here. The
    // task's reference keeps the ledger open until it returns.
    runAsync(
        this, [ledger] { return ledger->seal(10'000); },
        [this](bool sealed) {
            m_sealButton->setEnabled(!m_ledger.expired());
            m_exportResult->setText(sealed ? tr("Sealed.") : tr("Sealing did not finish in time."));
            refresh();
        });
}

void AuditPanel::showDetail()
{
    const quint64 generation = ++m_detailGeneration;
    const AuditRecordRow* r = m_model->record(m_table->currentIndex().row());
    if (!r) {
        m_detail->clear();
        return;
    }
    QStringList lines;
    lines << tr("Record #%1").arg(r->seq) << tr("Request: %1").arg(QString::fromUtf8(r->requestId))
          << tr("Time: %1").arg(utcTime(r->timeMs))
          << tr("Key: %1   Team: %2")
                 .arg(r->keyId.isEmpty() ? tr("(none)") : r->keyId,
                      r->team.isEmpty() ? tr("(none)") : r->team)
          << tr("Detections: %1").arg(r->detections)
          << tr("Data classes: %1")
                 .arg(r->dataClasses.isEmpty() ? tr("none") : r->dataClasses.join(QStringLiteral(", ")))
          << tr("Regimes: %1").arg(r->regimes.isEmpty() ? tr("none") : r->regimes.join(QStringLiteral(", ")))
          << tr("Policy version: %1").arg(r->policyVersion) << tr("Candidates: %1").arg(r->candidates)
          << tr("Chosen: %1 in %2")
                 .arg(r->chosenProvider.isEmpty() ? tr("(none)") : r->chosenProvider,
                      r->chosenRegion.isEmpty() ? tr("(none)") : r->chosenRegion)
          << tr("Action: %1").arg(r->action);
    if (!r->reason.isEmpty())
        lines << tr("Reason: %1").arg(r->reason);
    lines << tr("HTTP status: %1").arg(r->httpStatus)
          << tr("Cost: %1 %2 (%3 input, %4 output tokens)")
                 .arg(QString::number(double(r->costMicros) / 1e6, 'f', 6), r->costCurrency)
                 .arg(r->inputTokens)
                 .arg(r->outputTokens)
          << tr("Decision hash: %1").arg(QString::fromLatin1(r->decisionHash))
          << tr("Entry hash: %1").arg(QString::fromLatin1(r->entryHash)) << QString()
          << tr("Inclusion proof: loading…");
    m_detail->setPlainText(lines.join(QLatin1Char('\n')));

    const QString path = m_path;
    const QByteArray requestId = r->requestId;
    runAsync(
        this, [path, requestId] { return buildInclusionProof(path, requestId); },
        [this, generation, shown = lines](const Result<QByteArray>& proof) {
            if (generation != m_detailGeneration)
                return;
            QStringList lines = shown;
            lines.removeLast();
            if (proof) {
                const QJsonDocument doc = QJsonDocument::fromJson(*proof);
                lines << tr("Inclusion proof:")
                      << QString::fromUtf8(doc.isNull() ? *proof : doc.toJson(QJsonDocument::Indented));
            } else {
                lines << tr("Inclusion proof: %1").arg(proof.error().message);
            }
            m_detail->setPlainText(lines.join(QLatin1Char('\n')));
            Q_EMIT detailShown();
        });
}

void AuditPanel::exportEvidence(std::int64_t fromMs, std::int64_t toMs, const QString& format,
                                const QString& path)
{
    if (m_path.isEmpty()) {
        m_exportResult->setText(tr("Nothing to export: there is no ledger yet."));
        Q_EMIT exportFinished(false, m_exportResult->text());
        return;
    }
    m_exportButton->setEnabled(false);
    m_exportResult->setText(tr("Exporting…"));
    const QString ledgerPath = m_path;
    runAsync(
        this, [=] { return writeEvidence(ledgerPath, fromMs, toMs, format, path); },
        [this](const ExportOutcome& outcome) {
            m_exportButton->setEnabled(!m_path.isEmpty());
            m_exportResult->setText(outcome.ok ? outcome.message
                                               : tr("Export failed: %1").arg(outcome.message));
            Q_EMIT exportFinished(outcome.ok, m_exportResult->text());
        });
}

void AuditPanel::openExportDialog()
{
    if (m_exportDialog) {
        m_exportDialog->raise();
        return;
    }
    m_exportDialog = new AuditExportDialog(this);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_exportDialog, &QDialog::accepted, this, [this] {
        exportEvidence(m_exportDialog->fromMs(), m_exportDialog->toMs(), m_exportDialog->format(),
                       m_exportDialog->filePath());
    });
    connect(m_exportDialog, &QObject::destroyed, this, [this] { m_exportDialog = nullptr; });
    m_exportDialog->open();
}

void AuditPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
    m_statusTimer->start();
}

void AuditPanel::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_statusTimer->stop();
}

} // namespace tollgate::ui
