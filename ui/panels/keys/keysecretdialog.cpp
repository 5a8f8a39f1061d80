#include "panels/keys/keysecretdialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tollgate::ui {

KeySecretDialog::KeySecretDialog(const QByteArray& token, const QString& keyId, QWidget* parent)
    : QDialog(parent), m_secret(new QLineEdit(this)), m_copy(new QPushButton(tr("Copy"), this)),
      m_copied(new QLabel(this))
{
    setObjectName(QStringLiteral("keySecretDialog"));
    setWindowTitle(tr("New key %1").arg(keyId));
    setModal(true);

    auto* warning =
        new QLabel(tr("<b>Copy this key now. It will not be shown again.</b><br>Tollgate keeps only "
                      "its hash: a lost key cannot be recovered, only revoked and replaced."),
                   this);
    warning->setObjectName(QStringLiteral("keySecretWarning"));
    warning->setWordWrap(true);

    m_secret->setObjectName(QStringLiteral("keySecretEdit"));
    m_secret->setReadOnly(true);
    m_secret->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_secret->setText(QString::fromLatin1(token));
    m_secret->setMinimumWidth(m_secret->fontMetrics().horizontalAdvance(m_secret->text()) + 24);
    m_secret->selectAll();
    m_copy->setObjectName(QStringLiteral("copyKeyButton"));
    m_copied->setObjectName(QStringLiteral("keyCopiedLabel"));
    connect(m_copy, &QPushButton::clicked, this, &KeySecretDialog::copyToClipboard);

    auto* row = new QHBoxLayout;
    row->addWidget(m_secret, 1);
    row->addWidget(m_copy);
    auto* usage = new QLabel(tr("Clients send it as <code>Authorization: Bearer &lt;key&gt;</code> "
                                "(Anthropic clients: <code>x-api-key</code>)."),
                             this);
    usage->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->setObjectName(QStringLiteral("keySecretButtons"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(warning);
    layout->addLayout(row);
    layout->addWidget(m_copied);
    layout->addWidget(usage);
    layout->addWidget(buttons);
}

KeySecretDialog::~KeySecretDialog()
{
    m_secret->clear();
}

void KeySecretDialog::copyToClipboard()
{
    if (QClipboard* clipboard = QGuiApplication::clipboard()) {
        clipboard->setText(m_secret->text());
        m_copied->setText(tr("Copied to the clipboard."));
    }
}

void KeySecretDialog::done(int result)
{
    // The field is the only copy the application shows; it goes with the dialog.
    m_secret->setText(QString(m_secret->text().size(), QLatin1Char('*')));
    m_secret->clear();
    QDialog::done(result);
}

} // namespace tollgate::ui
