#pragma once

#include <QByteArray>
#include <QString>

namespace tollgate::ui {

// The HTML evidence report (audit/evidenceexport.h) laid out on A4 pages as a PDF, titled `title`
// in the document's properties. Safe on any thread (it paints on no screen).
QByteArray evidenceHtmlToPdf(const QByteArray& html, const QString& title);

} // namespace tollgate::ui
