#include "panels/audit/evidencepdf.h"

#include <QBuffer>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace tollgate::ui {

QByteArray evidenceHtmlToPdf(const QByteArray& html, const QString& title)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("Tollgate"));
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                         QPageLayout::Millimeter));
        QTextDocument document;
        document.setHtml(QString::fromUtf8(html));
        document.print(&writer); // pages the text to the writer's page size
    }
    return buffer.data();
}

} // namespace tollgate::ui
