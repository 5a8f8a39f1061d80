#pragma once

#include "audit/ledgerverifier.h"
#include "models/auditledgerreader.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace tollgate {
class DecisionLedger;
}

namespace tollgate::ui {

class AuditExportDialog;
class AuditRecordModel;

// The decision ledger: its status (records, checkpoints, last checkpoint time), "Verify" (the
// offline verifier over the whole file, naming the first bad record), the records (paged, newest
// first) with a detail pane that includes the record's inclusion proof once it is sealed, and
// "Export…" of the evidence report for a period (HTML, CSV or JSON).
//
// Every read, the verification and the export run on the thread pool over their own read-only
// connections; the UI thread never waits on SQLite. The panel reads the file, so it also works
// while the gateway is stopped.
class AuditPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AuditPanel(QWidget* parent = nullptr);
    ~AuditPanel() override;

    // The ledger file (<data dir>/ledger.db).
    void setLedgerPath(const QString& path);
    QString ledgerPath() const { return m_path; }
    // The running gateway's ledger (may be null): its path, and "Seal now". Held weakly, so a
    // stopped gateway's ledger closes as it should.
    void setLedger(const std::shared_ptr<DecisionLedger>& ledger);

    AuditRecordModel* model() const { return m_model; }
    const AuditStatus& status() const { return m_status; }

    // Reloads the status and the records.
    void refresh();
    void verify();
    // Writes the evidence report for [fromMs, toMs) in format "html", "csv" or "json" to path;
    // exportFinished() reports the outcome.
    void exportEvidence(std::int64_t fromMs, std::int64_t toMs, const QString& format, const QString& path);
    // Opens the export dialog (non-modal; null when none is open).
    void openExportDialog();
    AuditExportDialog* exportDialog() const { return m_exportDialog; }

Q_SIGNALS:
    void statusLoaded();
    void verifyFinished(bool ok);
    void exportFinished(bool ok, const QString& message);
    void detailShown();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void refreshStatus();
    void showStatus();
    void onVerified(const LedgerVerifyReport& report);
    void showDetail();
    void seal();

    QString m_path;
    std::weak_ptr<DecisionLedger> m_ledger;
    AuditStatus m_status;
    AuditRecordModel* m_model;
    QLabel* m_statusLabel;
    QPushButton* m_refreshButton;
    QPushButton* m_sealButton;
    QPushButton* m_verifyButton;
    QPushButton* m_exportButton;
    QLabel* m_verifyResult;
    QLabel* m_exportResult;
    QTableView* m_table;
    QPlainTextEdit* m_detail;
    QTimer* m_statusTimer;
    AuditExportDialog* m_exportDialog = nullptr;
    quint64 m_detailGeneration = 0;
    quint64 m_statusGeneration = 0;
    bool m_verifying = false;
};

} // namespace tollgate::ui
