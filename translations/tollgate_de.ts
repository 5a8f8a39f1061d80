<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>tollgate::ui::AuditExportDialog</name>
    <message>
        <source>Export evidence</source>
        <translation>Nachweise exportieren</translation>
    </message>
    <message>
        <source>From (inclusive):</source>
        <translation>Von (einschließlich):</translation>
    </message>
    <message>
        <source>To (exclusive):</source>
        <translation>Bis (ausschließlich):</translation>
    </message>
    <message>
        <source>HTML report</source>
        <translation>HTML-Bericht</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Dateiformat:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>%1-Dateien (*.%2)</translation>
    </message>
    <message>
        <source>The end of the period must be after its start.</source>
        <translation>Das Ende des Zeitraums muss nach seinem Beginn liegen.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Die zu schreibende Datei auswählen.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>PDF-Bericht</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditLedgerReader</name>
    <message>
        <source>There is no ledger at %1 yet; it is created when the gateway first starts.</source>
        <translation>Unter %1 gibt es noch kein Prüfprotokoll; es wird beim ersten Start des Gateways angelegt.</translation>
    </message>
    <message>
        <source>Cannot open the ledger %1: %2</source>
        <translation>Das Prüfprotokoll %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation>Das Prüfprotokoll kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditPanel</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n record(s) in the period).</source>
        <translation>
            <numerusform>%1 geschrieben (%n Datensatz im Zeitraum).</numerusform>
            <numerusform>%1 geschrieben (%n Datensätze im Zeitraum).</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Seal now</source>
        <translation>Jetzt versiegeln</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>Seal the records written so far into a signed checkpoint now</source>
        <translation>Die bisher geschriebenen Datensätze jetzt in einem signierten Prüfpunkt versiegeln</translation>
    </message>
    <message>
        <source>Check the whole ledger: hash chain, Merkle roots and checkpoint signatures</source>
        <translation>Das gesamte Prüfprotokoll prüfen: Hash-Kette, Merkle-Wurzeln und Signaturen der Prüfpunkte</translation>
    </message>
    <message>
        <source>Select a record to see it in full, with its inclusion proof.</source>
        <translation>Einen Datensatz auswählen, um ihn vollständig mit seinem Inklusionsnachweis zu sehen.</translation>
    </message>
    <message>
        <source>No ledger: start the gateway to create one.</source>
        <translation>Kein Prüfprotokoll: Gateway starten, um eines anzulegen.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen …</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n Datensatz</numerusform>
            <numerusform>%n Datensätze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n checkpoint(s)</source>
        <translation>
            <numerusform>%n Prüfpunkt</numerusform>
            <numerusform>%n Prüfpunkte</numerusform>
        </translation>
    </message>
    <message>
        <source>last checkpoint %1</source>
        <translation>letzter Prüfpunkt %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) not sealed yet</source>
        <translation>
            <numerusform>%n Datensatz noch nicht versiegelt</numerusform>
            <numerusform>%n Datensätze noch nicht versiegelt</numerusform>
        </translation>
    </message>
    <message>
        <source>Ledger %1 at %2</source>
        <translation>Prüfprotokoll %1 unter %2</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Wird geprüft …</translation>
    </message>
    <message>
        <source>OK: %1</source>
        <translation>In Ordnung: %1</translation>
    </message>
    <message>
        <source>FAILED (%1): %2</source>
        <translation>FEHLGESCHLAGEN (%1): %2</translation>
    </message>
    <message>
        <source>First bad record: #%1 (request %2)</source>
        <translation>Erster fehlerhafter Datensatz: Nr. %1 (Anfrage %2)</translation>
    </message>
    <message>
        <source>Sealed.</source>
        <translation>Versiegelt.</translation>
    </message>
    <message>
        <source>Sealing did not finish in time.</source>
        <translation>Das Versiegeln wurde nicht rechtzeitig fertig.</translation>
    </message>
    <message>
        <source>Record #%1</source>
        <translation>Datensatz Nr. %1</translation>
    </message>
    <message>
        <source>Request: %1</source>
        <translation>Anfrage: %1</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>Zeit: %1</translation>
    </message>
    <message>
        <source>Key: %1   Team: %2</source>
        <translation>Schlüssel: %1   Team: %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Detections: %1</source>
        <translation>Erkennungen: %1</translation>
    </message>
    <message>
        <source>Data classes: %1</source>
        <translation>Datenklassen: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Regimes: %1</source>
        <translation>Rechtsrahmen: %1</translation>
    </message>
    <message>
        <source>Policy version: %1</source>
        <translation>Richtlinienversion: %1</translation>
    </message>
    <message>
        <source>Candidates: %1</source>
        <translation>Kandidaten: %1</translation>
    </message>
    <message>
        <source>Chosen: %1 in %2</source>
        <translation>Gewählt: %1 in %2</translation>
    </message>
    <message>
        <source>Action: %1</source>
        <translation>Aktion: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>HTTP status: %1</source>
        <translation>HTTP-Status: %1</translation>
    </message>
    <message>
        <source>Cost: %1 %2 (%3 input, %4 output tokens)</source>
        <translation>Kosten: %1 %2 (%3 Eingabe-, %4 Ausgabe-Tokens)</translation>
    </message>
    <message>
        <source>Decision hash: %1</source>
        <translation>Entscheidungs-Hash: %1</translation>
    </message>
    <message>
        <source>Entry hash: %1</source>
        <translation>Eintrags-Hash: %1</translation>
    </message>
    <message>
        <source>Inclusion proof: loading…</source>
        <translation>Inklusionsnachweis: wird geladen …</translation>
    </message>
    <message>
        <source>Inclusion proof:</source>
        <translation>Inklusionsnachweis:</translation>
    </message>
    <message>
        <source>Inclusion proof: %1</source>
        <translation>Inklusionsnachweis: %1</translation>
    </message>
    <message>
        <source>Nothing to export: there is no ledger yet.</source>
        <translation>Nichts zu exportieren: Es gibt noch kein Prüfprotokoll.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert …</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Tollgate evidence report</source>
        <translation>Tollgate-Nachweisbericht</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditRecordModel</name>
    <message>
        <source>Decision hash (x-tollgate-decision): %1</source>
        <translation>Entscheidungs-Hash (x-tollgate-decision): %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Key / team</source>
        <translation>Schlüssel / Team</translation>
    </message>
    <message>
        <source>Data classes</source>
        <translation>Datenklassen</translation>
    </message>
    <message>
        <source>Regimes</source>
        <translation>Rechtsrahmen</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Record hash</source>
        <translation>Datensatz-Hash</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetDialog</name>
    <message>
        <source>Edit budget</source>
        <translation>Budget bearbeiten</translation>
    </message>
    <message>
        <source>Add budget</source>
        <translation>Budget hinzufügen</translation>
    </message>
    <message>
        <source>e.g. support-monthly</source>
        <translation>z. B. support-monthly</translation>
    </message>
    <message>
        <source>team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>benutzerdefiniert</translation>
    </message>
    <message>
        <source>e.g. 500.00</source>
        <translation>z. B. 500.00</translation>
    </message>
    <message>
        <source>optional: warn from this amount on</source>
        <translation>optional: ab diesem Betrag warnen</translation>
    </message>
    <message>
        <source>At the hard cap requests get 402. Changing a cap keeps what was already spent in the period.</source>
        <translation>Bei Erreichen der Obergrenze erhalten Anfragen 402. Wird eine Obergrenze geändert, bleibt das im Zeitraum bereits Ausgegebene erhalten.</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Scope:</source>
        <translation>Ebene:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Gilt für:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Zeitzone:</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>Beginn:</translation>
    </message>
    <message>
        <source>End:</source>
        <translation>Ende:</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Währung:</translation>
    </message>
    <message>
        <source>Hard cap:</source>
        <translation>Obergrenze:</translation>
    </message>
    <message>
        <source>Soft threshold:</source>
        <translation>Warnschwelle:</translation>
    </message>
    <message>
        <source>Id: letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>ID: Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos; (höchstens 64).</translation>
    </message>
    <message>
        <source>Enter the team, project or key id the budget applies to.</source>
        <translation>Team, Projekt oder Schlüssel-ID eingeben, für die das Budget gilt.</translation>
    </message>
    <message>
        <source>Currency: a three-letter ISO 4217 code such as EUR.</source>
        <translation>Währung: ein dreistelliger ISO-4217-Code wie EUR.</translation>
    </message>
    <message>
        <source>Enter the hard cap.</source>
        <translation>Obergrenze eingeben.</translation>
    </message>
    <message>
        <source>Hard cap &apos;%1&apos; is not an amount (digits, at most six decimals).</source>
        <translation>Obergrenze „%1“ ist kein Betrag (Ziffern, höchstens sechs Nachkommastellen).</translation>
    </message>
    <message>
        <source>Soft threshold &apos;%1&apos; is not an amount.</source>
        <translation>Warnschwelle „%1“ ist kein Betrag.</translation>
    </message>
    <message>
        <source>The soft threshold is above the hard cap.</source>
        <translation>Die Warnschwelle liegt über der Obergrenze.</translation>
    </message>
    <message>
        <source>Unknown time zone &apos;%1&apos; (an IANA name such as Europe/Berlin).</source>
        <translation>Unbekannte Zeitzone „%1“ (ein IANA-Name wie Europe/Berlin).</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetLimitModel</name>
    <message>
        <source>no limit</source>
        <translation>keine Begrenzung</translation>
    </message>
    <message>
        <source>team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Gilt für</translation>
    </message>
    <message>
        <source>Requests / min</source>
        <translation>Anfragen / Min.</translation>
    </message>
    <message>
        <source>Tokens / min</source>
        <translation>Tokens / Min.</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetTableModel</name>
    <message>
        <source>day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>day (%1)</source>
        <translation>Tag (%1)</translation>
    </message>
    <message>
        <source>month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>month (%1)</source>
        <translation>Monat (%1)</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>on track (nothing spent yet)</source>
        <translation>im Plan (noch nichts ausgegeben)</translation>
    </message>
    <message>
        <source>on track (%1 by the end of the period)</source>
        <translation>im Plan (%1 bis Ende des Zeitraums)</translation>
    </message>
    <message>
        <source>will exceed on %1</source>
        <translation>wird am %1 überschritten</translation>
    </message>
    <message>
        <source>cap reached: requests get 402 until %1</source>
        <translation>Obergrenze erreicht: Anfragen erhalten 402 bis %1</translation>
    </message>
    <message>
        <source>outside its period</source>
        <translation>außerhalb seines Zeitraums</translation>
    </message>
    <message>
        <source>Settled %1, held by requests in flight %2, cap %3</source>
        <translation>Abgerechnet %1, von laufenden Anfragen reserviert %2, Obergrenze %3</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>%1 + %2 held (%3%)</source>
        <translation>%1 + %2 reserviert (%3 %)</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Gilt für</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Hard cap</source>
        <translation>Obergrenze</translation>
    </message>
    <message>
        <source>Soft threshold</source>
        <translation>Warnschwelle</translation>
    </message>
    <message>
        <source>Usage (settled + held)</source>
        <translation>Verbrauch (abgerechnet + reserviert)</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prognose</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetsPanel</name>
    <message>
        <source>Add budget…</source>
        <translation>Budget hinzufügen …</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten …</translation>
    </message>
    <message>
        <source>Set limits…</source>
        <translation>Limits festlegen …</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>Rate limits</source>
        <translation>Ratenlimits</translation>
    </message>
    <message>
        <source>Start the gateway to see and change its budgets and limits.</source>
        <translation>Gateway starten, um seine Budgets und Limits zu sehen und zu ändern.</translation>
    </message>
    <message>
        <source>Saving budget %1…</source>
        <translation>Budget %1 wird gespeichert …</translation>
    </message>
    <message>
        <source>Budget %1 saved; it applies from the next request.</source>
        <translation>Budget %1 gespeichert; es gilt ab der nächsten Anfrage.</translation>
    </message>
    <message>
        <source>Budget %1 was not saved: %2</source>
        <translation>Budget %1 wurde nicht gespeichert: %2</translation>
    </message>
    <message>
        <source>Limits of %1 saved; they apply from the next request.</source>
        <translation>Limits von %1 gespeichert; sie gelten ab der nächsten Anfrage.</translation>
    </message>
    <message>
        <source>Limits of %1 were not saved: %2</source>
        <translation>Limits von %1 wurden nicht gespeichert: %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ConfigCommit</name>
    <message>
        <source>Provider &apos;%1&apos; has its key written in the config; there is no secret store to move it to</source>
        <translation>Der Schlüssel von Anbieter „%1“ steht in der Konfiguration; es gibt keinen Geheimnisspeicher, in den er verschoben werden kann</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::DashboardPanel</name>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 Min.</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 Std.</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 Std.</translation>
    </message>
    <message>
        <source>Requests today</source>
        <translation>Anfragen heute</translation>
    </message>
    <message>
        <source>Errors today</source>
        <translation>Fehler heute</translation>
    </message>
    <message>
        <source>Tokens today (in / out)</source>
        <translation>Tokens heute (ein / aus)</translation>
    </message>
    <message>
        <source>Spend today</source>
        <translation>Ausgaben heute</translation>
    </message>
    <message>
        <source>Requests per second by provider</source>
        <translation>Anfragen pro Sekunde nach Anbieter</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>Anf./s</translation>
    </message>
    <message>
        <source>Share of requests</source>
        <translation>Anteil der Anfragen</translation>
    </message>
    <message>
        <source>Latency: p50 solid, p95 dashed</source>
        <translation>Latenz: p50 durchgezogen, p95 gestrichelt</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Spend per second</source>
        <translation>Ausgaben pro Sekunde</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>%1 p50</source>
        <translation>%1 p50</translation>
    </message>
    <message>
        <source>%1 p95</source>
        <translation>%1 p95</translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>under 1%</source>
        <translation>unter 1 %</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Spend per 10 seconds</source>
        <translation>Ausgaben pro 10 Sekunden</translation>
    </message>
    <message>
        <source>Spend per minute</source>
        <translation>Ausgaben pro Minute</translation>
    </message>
    <message>
        <source>Spend by team (from the spend ledger)</source>
        <translation>Ausgaben nach Team (aus dem Ausgabenjournal)</translation>
    </message>
    <message>
        <source>Spend by currency</source>
        <translation>Ausgaben nach Währung</translation>
    </message>
    <message>
        <source>+ %1 (no rate to %2)</source>
        <translation>+ %1 (kein Kurs nach %2)</translation>
    </message>
    <message>
        <source>As spent: %1</source>
        <translation>Tatsächlich ausgegeben: %1</translation>
    </message>
    <message>
        <source>%1 (no rate)</source>
        <translation>%1 (kein Kurs)</translation>
    </message>
    <message>
        <source>No exchange rate to %1 for %2: shown in its own currency, not in the converted totals.</source>
        <translation>Kein Wechselkurs nach %1 für %2: in der eigenen Währung angezeigt, nicht in den umgerechneten Summen.</translation>
    </message>
    <message>
        <source>The spend ledger could not be read: %1</source>
        <translation>Das Ausgabenjournal konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>(no key)</source>
        <translation>(kein Schlüssel)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (no rate to %2)</source>
        <translation>%1 (kein Kurs nach %2)</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>gesamt %1</translation>
    </message>
    <message>
        <source>Spend by team in %1 (cumulative)</source>
        <translation>Ausgaben nach Team in %1 (kumuliert)</translation>
    </message>
    <message>
        <source>Spend by currency (cumulative)</source>
        <translation>Ausgaben nach Währung (kumuliert)</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailPolicyModel</name>
    <message>
        <source>The built-in default</source>
        <translation>Die eingebaute Voreinstellung</translation>
    </message>
    <message>
        <source>Changed from the default (%1)</source>
        <translation>Von der Voreinstellung (%1) geändert</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>Detektor</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailSandbox</name>
    <message>
        <source>The text is %1 KiB; the sandbox scans at most %2 KiB.</source>
        <translation>Der Text hat %1 KiB; die Testumgebung prüft höchstens %2 KiB.</translation>
    </message>
    <message>
        <source>The text is too large to scan.</source>
        <translation>Der Text ist zu groß zum Scannen.</translation>
    </message>
    <message>
        <source>A detector failed; the gateway would refuse this request (it fails closed).</source>
        <translation>Ein Detektor ist fehlgeschlagen; das Gateway würde diese Anfrage ablehnen (im Fehlerfall sperrt es).</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailsPanel</name>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Scannen</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Schutzregeln</translation>
    </message>
    <message>
        <source>What the gateway does with what its detectors find in a request. Changes apply to the running gateway when saved.</source>
        <translation>Was das Gateway mit den Funden seiner Detektoren in einer Anfrage macht. Änderungen gelten nach dem Speichern für das laufende Gateway.</translation>
    </message>
    <message>
        <source>prompt_injection fires when a text&apos;s injection score reaches this value</source>
        <translation>prompt_injection schlägt an, wenn die Injektionsbewertung eines Textes diesen Wert erreicht</translation>
    </message>
    <message>
        <source>Injection threshold:</source>
        <translation>Injektionsschwelle:</translation>
    </message>
    <message>
        <source>Scan responses too</source>
        <translation>Auch Antworten scannen</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Testumgebung</translation>
    </message>
    <message>
        <source>Paste a text to see what the detectors find and what the provider would receive under the actions on the left (saved or not). Nothing here is sent or stored.</source>
        <translation>Einen Text einfügen, um zu sehen, was die Detektoren finden und was der Anbieter mit den Aktionen links (gespeichert oder nicht) erhalten würde. Hier wird nichts gesendet oder gespeichert.</translation>
    </message>
    <message>
        <source>Paste a prompt or a document here</source>
        <translation>Hier einen Prompt oder ein Dokument einfügen</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Begin</source>
        <translation>Anfang</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Not saved: there is no configuration to change yet.</source>
        <translation>Nicht gespeichert: Es gibt noch keine Konfiguration, die geändert werden könnte.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Guardrails saved; the gateway uses them from the next request.</source>
        <translation>Schutzregeln gespeichert; das Gateway verwendet sie ab der nächsten Anfrage.</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Wird gescannt …</translation>
    </message>
    <message>
        <source>injection score %1</source>
        <translation>Injektionsbewertung %1</translation>
    </message>
    <message>
        <source>The gateway would refuse this text with 400 (blocked by %1; %2).</source>
        <translation>Das Gateway würde diesen Text mit 400 ablehnen (blockiert durch %1; %2).</translation>
    </message>
    <message>
        <source>Nothing found (%1); the provider receives the text as it is.</source>
        <translation>Nichts gefunden (%1); der Anbieter erhält den Text unverändert.</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) (%1); the provider would receive:</source>
        <translation>
            <numerusform>%n Fund (%1); der Anbieter würde erhalten:</numerusform>
            <numerusform>%n Funde (%1); der Anbieter würde erhalten:</numerusform>
        </translation>
    </message>
    <message>
        <source>A profile changes the actions for the routes and keys that name it; where a route and a key both have one, the stricter setting wins.</source>
        <translation>Ein Profil ändert die Aktionen für die Routen und Schlüssel, die es nennen; haben eine Route und ein Schlüssel beide eines, gilt jeweils die strengere Einstellung.</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil:</translation>
    </message>
    <message>
        <source>None: the policy on the left</source>
        <translation>Keines: die Richtlinie links</translation>
    </message>
    <message>
        <source>Route %1 (its own actions)</source>
        <translation>Route %1 (eigene Aktionen)</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeyDialog</name>
    <message>
        <source>Create key</source>
        <translation>Schlüssel erstellen</translation>
    </message>
    <message>
        <source>optional, e.g. helpdesk bot</source>
        <translation>optional, z. B. Helpdesk-Bot</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>another pattern, e.g. openai/gpt-4o*</source>
        <translation>weiteres Muster, z. B. openai/gpt-4o*</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>None checked: the key may use every model.</source>
        <translation>Nichts angehakt: Der Schlüssel darf jedes Modell verwenden.</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Begrenzung</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>Team:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>Projekt:</translation>
    </message>
    <message>
        <source>Scopes:</source>
        <translation>Berechtigungen:</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Ablauf:</translation>
    </message>
    <message>
        <source>Requests per minute:</source>
        <translation>Anfragen pro Minute:</translation>
    </message>
    <message>
        <source>Tokens per minute:</source>
        <translation>Tokens pro Minute:</translation>
    </message>
    <message>
        <source>Every key belongs to a team: enter one.</source>
        <translation>Jeder Schlüssel gehört zu einem Team: bitte eines eingeben.</translation>
    </message>
    <message>
        <source>Team &apos;%1&apos;: use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>Team „%1“: Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos; verwenden (höchstens 64).</translation>
    </message>
    <message>
        <source>Project &apos;%1&apos;: use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>Projekt „%1“: Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos; verwenden (höchstens 64).</translation>
    </message>
    <message>
        <source>The name is longer than 200 characters.</source>
        <translation>Der Name ist länger als 200 Zeichen.</translation>
    </message>
    <message>
        <source>The expiry is in the past.</source>
        <translation>Das Ablaufdatum liegt in der Vergangenheit.</translation>
    </message>
    <message>
        <source>The gateway&apos;s policy</source>
        <translation>Die Richtlinie des Gateways</translation>
    </message>
    <message>
        <source>A profile&apos;s guardrail actions apply to every request made with this key; where the route has a profile too, the stricter setting wins.</source>
        <translation>Die Schutzregel-Aktionen eines Profils gelten für jede Anfrage mit diesem Schlüssel; hat die Route auch ein Profil, gilt jeweils die strengere Einstellung.</translation>
    </message>
    <message>
        <source>Guardrails:</source>
        <translation>Schutzregeln:</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeySecretDialog</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>New key %1</source>
        <translation>Neuer Schlüssel %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy this key now. It will not be shown again.&lt;/b&gt;&lt;br&gt;Tollgate keeps only its hash: a lost key cannot be recovered, only revoked and replaced.</source>
        <translation>&lt;b&gt;Diesen Schlüssel jetzt kopieren. Er wird nicht noch einmal angezeigt.&lt;/b&gt;&lt;br&gt;Tollgate speichert nur seinen Hash: Ein verlorener Schlüssel kann nicht wiederhergestellt, nur widerrufen und ersetzt werden.</translation>
    </message>
    <message>
        <source>Clients send it as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; (Anthropic clients: &lt;code&gt;x-api-key&lt;/code&gt;).</source>
        <translation>Clients senden ihn als &lt;code&gt;Authorization: Bearer &amp;lt;Schlüssel&amp;gt;&lt;/code&gt; (Anthropic-Clients: &lt;code&gt;x-api-key&lt;/code&gt;).</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeyTableModel</name>
    <message>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>widerrufen</translation>
    </message>
    <message>
        <source>Declared in the configuration file; remove it there to revoke it.</source>
        <translation>In der Konfigurationsdatei deklariert; zum Widerrufen dort entfernen.</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>every model</source>
        <translation>jedes Modell</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>%1 (config file)</source>
        <translation>%1 (Konfigurationsdatei)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Berechtigungen</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>gateway&apos;s policy</source>
        <translation>Richtlinie des Gateways</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Schutzregeln</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeysPanel</name>
    <message>
        <source>Create key…</source>
        <translation>Schlüssel erstellen …</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Widerrufen …</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>&lt;b&gt;No key exists yet: the gateway answers requests without one.&lt;/b&gt; That is only safe while it listens on this computer (loopback). Create a key and every request will need one.</source>
        <translation>&lt;b&gt;Es gibt noch keinen Schlüssel: Das Gateway beantwortet Anfragen ohne Schlüssel.&lt;/b&gt; Das ist nur sicher, solange es auf diesem Computer lauscht (Loopback). Sobald ein Schlüssel erstellt ist, braucht jede Anfrage einen.</translation>
    </message>
    <message>
        <source>Start the gateway to create and revoke keys.</source>
        <translation>Gateway starten, um Schlüssel zu erstellen und zu widerrufen.</translation>
    </message>
    <message>
        <source>Could not re-read the keys: %1</source>
        <translation>Die Schlüssel konnten nicht neu gelesen werden: %1</translation>
    </message>
    <message>
        <source>Creating the key…</source>
        <translation>Schlüssel wird erstellt …</translation>
    </message>
    <message>
        <source>The key was not created: %1</source>
        <translation>Der Schlüssel wurde nicht erstellt: %1</translation>
    </message>
    <message>
        <source>Key %1 created.</source>
        <translation>Schlüssel %1 erstellt.</translation>
    </message>
    <message>
        <source>Key %1 is declared in the configuration file: remove it there.</source>
        <translation>Schlüssel %1 ist in der Konfigurationsdatei deklariert: dort entfernen.</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>Revoke key %1 (%2…, team %3)? Requests with it get 401 from the next one on. This cannot be undone.</source>
        <translation>Schlüssel %1 (%2…, Team %3) widerrufen? Anfragen mit diesem Schlüssel erhalten ab der nächsten 401. Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Key %1 revoked.</source>
        <translation>Schlüssel %1 widerrufen.</translation>
    </message>
    <message>
        <source>Key %1 was not revoked: %2</source>
        <translation>Schlüssel %1 wurde nicht widerrufen: %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::LimitsDialog</name>
    <message>
        <source>Rate limits</source>
        <translation>Ratenlimits</translation>
    </message>
    <message>
        <source>team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Begrenzung</translation>
    </message>
    <message>
        <source>A request must fit in both its key&apos;s and its team&apos;s limits; refused ones get 429 with Retry-After.</source>
        <translation>Eine Anfrage muss sowohl die Limits ihres Schlüssels als auch die ihres Teams einhalten; abgelehnte erhalten 429 mit Retry-After.</translation>
    </message>
    <message>
        <source>Applies to:</source>
        <translation>Ebene:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Gilt für:</translation>
    </message>
    <message>
        <source>Requests per minute:</source>
        <translation>Anfragen pro Minute:</translation>
    </message>
    <message>
        <source>Tokens per minute:</source>
        <translation>Tokens pro Minute:</translation>
    </message>
    <message>
        <source>Enter a team.</source>
        <translation>Ein Team eingeben.</translation>
    </message>
    <message>
        <source>Enter a key id.</source>
        <translation>Eine Schlüssel-ID eingeben.</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::MainWindow</name>
    <message>
        <source>the demo could not start: %1</source>
        <translation>die Demo konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routen</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Tollgate</source>
        <translation>Tollgate</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>Gateway starten</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>Gateway anhalten</translation>
    </message>
    <message>
        <source>Run the demo</source>
        <translation>Demo ausführen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Show Tollgate</source>
        <translation>Tollgate anzeigen</translation>
    </message>
    <message>
        <source>&amp;Gateway</source>
        <translation>&amp;Gateway</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>&lt;b&gt;Demo mode&lt;/b&gt; — simulated providers demo-eu, demo-in and demo-us with generated traffic. Nothing leaves this computer.</source>
        <translation>&lt;b&gt;Demo-Modus&lt;/b&gt; — simulierte Anbieter demo-eu, demo-in und demo-us mit erzeugtem Verkehr. Nichts verlässt diesen Computer.</translation>
    </message>
    <message>
        <source>Stop the demo</source>
        <translation>Demo beenden</translation>
    </message>
    <message>
        <source>no configuration</source>
        <translation>keine Konfiguration</translation>
    </message>
    <message>
        <source>Gateway stopped</source>
        <translation>Gateway angehalten</translation>
    </message>
    <message>
        <source>Gateway starting…</source>
        <translation>Gateway startet …</translation>
    </message>
    <message>
        <source>Gateway running on http://%1 — point OpenAI clients at http://%1/v1</source>
        <translation>Gateway läuft auf http://%1 — OpenAI-Clients auf http://%1/v1 richten</translation>
    </message>
    <message>
        <source>Gateway failed to start: %1</source>
        <translation>Gateway konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>Gateway stopping: requests in flight have up to %1 s to finish (Stop now cuts them)</source>
        <translation>Gateway hält an: laufende Anfragen haben bis zu %1 s, um fertig zu werden („Sofort anhalten“ bricht sie ab)</translation>
    </message>
    <message>
        <source>Stop now</source>
        <translation>Sofort anhalten</translation>
    </message>
    <message>
        <source>Spend today: none</source>
        <translation>Ausgaben heute: keine</translation>
    </message>
    <message>
        <source>Spend today: %1</source>
        <translation>Ausgaben heute: %1</translation>
    </message>
    <message>
        <source>Tollgate
%1
Spend today: %2</source>
        <translation>Tollgate
%1
Ausgaben heute: %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Schutzregeln</translation>
    </message>
    <message>
        <source>Residency</source>
        <translation>Datenresidenz</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Prüfprotokoll</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProviderDialog</name>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>Anbieter hinzufügen</translation>
    </message>
    <message>
        <source>Edit provider %1</source>
        <translation>Anbieter %1 bearbeiten</translation>
    </message>
    <message>
        <source>e.g. openai</source>
        <translation>z. B. openai</translation>
    </message>
    <message>
        <source>e.g. eu, us, in, local</source>
        <translation>z. B. eu, us, in, local</translation>
    </message>
    <message>
        <source>Current key: %1</source>
        <translation>Aktueller Schlüssel: %1</translation>
    </message>
    <message>
        <source>leave empty to keep the current key</source>
        <translation>leer lassen, um den aktuellen Schlüssel zu behalten</translation>
    </message>
    <message>
        <source>The key is saved to the secret store and not shown again.</source>
        <translation>Der Schlüssel wird im Geheimnisspeicher abgelegt und nicht wieder angezeigt.</translation>
    </message>
    <message>
        <source>API key, or env:NAME; empty for none</source>
        <translation>API-Schlüssel oder env:NAME; leer für keinen</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;Art</translation>
    </message>
    <message>
        <source>&amp;Base URL</source>
        <translation>&amp;Basis-URL</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>&amp;Region</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>API-&amp;Schlüssel</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Input / 1M tokens</source>
        <translation>Eingabe / 1 Mio. Tokens</translation>
    </message>
    <message>
        <source>Output / 1M tokens</source>
        <translation>Ausgabe / 1 Mio. Tokens</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Embeddings</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>Modell hinzufügen</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Modell entfernen</translation>
    </message>
    <message>
        <source>Models and prices (per million tokens)</source>
        <translation>Modelle und Preise (pro Million Tokens)</translation>
    </message>
    <message>
        <source>model #%1</source>
        <translation>Modell Nr. %1</translation>
    </message>
    <message>
        <source>model &apos;%1&apos;</source>
        <translation>Modell „%1“</translation>
    </message>
    <message>
        <source>The name of %1 is empty</source>
        <translation>Der Name von %1 ist leer</translation>
    </message>
    <message>
        <source>The price of %1 must be a decimal number such as 0.15 (at most 6 decimals)</source>
        <translation>Der Preis von %1 muss eine Dezimalzahl wie 0.15 sein (höchstens 6 Nachkommastellen)</translation>
    </message>
    <message>
        <source>The currency of %1 must be an ISO 4217 code such as USD, EUR, INR</source>
        <translation>Die Währung von %1 muss ein ISO-4217-Code wie USD, EUR, INR sein</translation>
    </message>
    <message>
        <source>Add at least one model</source>
        <translation>Mindestens ein Modell hinzufügen</translation>
    </message>
    <message>
        <source>env:%1 is not an environment variable name</source>
        <translation>env:%1 ist kein Name einer Umgebungsvariable</translation>
    </message>
    <message>
        <source>A provider named &apos;%1&apos; already exists</source>
        <translation>Ein Anbieter namens „%1“ existiert bereits</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>Bereit zum Speichern.</translation>
    </message>
    <message>
        <source>Enter an http:// or https:// base URL first.</source>
        <translation>Zuerst eine http://- oder https://-Basis-URL eingeben.</translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>%1 wird getestet …</translation>
    </message>
    <message numerus="yes">
        <source>Connected: HTTP %1, %n model(s) listed</source>
        <translation>
            <numerusform>Verbunden: HTTP %1, %n Modell aufgeführt</numerusform>
            <numerusform>Verbunden: HTTP %1, %n Modelle aufgeführt</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: HTTP %1 — the provider refused the key</source>
        <translation>Fehlgeschlagen: HTTP %1 — der Anbieter hat den Schlüssel abgelehnt</translation>
    </message>
    <message>
        <source>Failed: HTTP %1</source>
        <translation>Fehlgeschlagen: HTTP %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProviderTableModel</name>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>•••••••• (%1)</source>
        <translation>•••••••• (%1)</translation>
    </message>
    <message>
        <source>missing (%1)</source>
        <translation>fehlt (%1)</translation>
    </message>
    <message>
        <source>•••••••• (in the config file)</source>
        <translation>•••••••• (in der Konfigurationsdatei)</translation>
    </message>
    <message>
        <source>%1: in %2, out %3 %4 per million tokens</source>
        <translation>%1: ein %2, aus %3 %4 pro Million Tokens</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProvidersPanel</name>
    <message>
        <source>Add provider…</source>
        <translation>Anbieter hinzufügen …</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten …</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>No secret store: new API keys cannot be saved.</source>
        <translation>Kein Geheimnisspeicher: neue API-Schlüssel können nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>API keys are kept in the system keychain.</source>
        <translation>API-Schlüssel werden im Schlüsselbund des Systems aufbewahrt.</translation>
    </message>
    <message>
        <source>Provider %1 was not saved: there is no secret store for its key.</source>
        <translation>Anbieter %1 wurde nicht gespeichert: Es gibt keinen Geheimnisspeicher für seinen Schlüssel.</translation>
    </message>
    <message>
        <source>Provider %1 was not saved: %2</source>
        <translation>Anbieter %1 wurde nicht gespeichert: %2</translation>
    </message>
    <message>
        <source>Provider %1 added.</source>
        <translation>Anbieter %1 hinzugefügt.</translation>
    </message>
    <message>
        <source>Provider %1 saved.</source>
        <translation>Anbieter %1 gespeichert.</translation>
    </message>
    <message>
        <source>Provider %1 was not removed: %2</source>
        <translation>Anbieter %1 wurde nicht entfernt: %2</translation>
    </message>
    <message>
        <source>Provider %1 removed.</source>
        <translation>Anbieter %1 entfernt.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RequestLogModel</name>
    <message>
        <source>client left</source>
        <translation>Client getrennt</translation>
    </message>
    <message>
        <source>(gateway)</source>
        <translation>(Gateway)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>Tokens ein / aus</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>Anfrage-ID</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RequestLogReader</name>
    <message>
        <source>Cannot read the request log: %1</source>
        <translation>Das Anfrageprotokoll kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No request log database at %1</source>
        <translation>Keine Anfrageprotokoll-Datenbank unter %1</translation>
    </message>
    <message>
        <source>The SQLite driver (QSQLITE) is not available</source>
        <translation>Der SQLite-Treiber (QSQLITE) ist nicht verfügbar</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a Tollgate request log database</source>
        <translation>%1 ist keine Tollgate-Anfrageprotokoll-Datenbank</translation>
    </message>
    <message>
        <source>%1 has schema version %2, newer than this Tollgate knows (%3)</source>
        <translation>%1 hat die Schemaversion %2, neuer als diese Tollgate-Version kennt (%3)</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RequestsPanel</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>Alle Anbieter</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>Success (2xx, 3xx)</source>
        <translation>Erfolg (2xx, 3xx)</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>Client-Fehler (4xx)</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>Server-Fehler (5xx)</translation>
    </message>
    <message>
        <source>Client left</source>
        <translation>Client getrennt</translation>
    </message>
    <message>
        <source>Search id, model, error…</source>
        <translation>ID, Modell, Fehler suchen …</translation>
    </message>
    <message>
        <source>Request log not available: %1</source>
        <translation>Anfrageprotokoll nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>No requests yet</source>
        <translation>Noch keine Anfragen</translation>
    </message>
    <message>
        <source>(gateway)</source>
        <translation>(Gateway)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation>Eine Anfrage auswählen, um ihre Details zu sehen.</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>Anfrage-ID</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Model requested</source>
        <translation>Angefragtes Modell</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Model used</source>
        <translation>Verwendetes Modell</translation>
    </message>
    <message>
        <source>Upstream attempts</source>
        <translation>Upstream-Versuche</translation>
    </message>
    <message>
        <source>Streamed</source>
        <translation>Gestreamt</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>client left before the response</source>
        <translation>Client vor der Antwort getrennt</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>Gesamtzeit</translation>
    </message>
    <message>
        <source>Upstream time</source>
        <translation>Upstream-Zeit</translation>
    </message>
    <message>
        <source>Gateway overhead</source>
        <translation>Gateway-Aufwand</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>Zeit bis zum ersten Byte</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>Tokens ein / aus</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>Fehlerart</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Stopped by</source>
        <translation>Angehalten durch</translation>
    </message>
    <message>
        <source>Client disconnected</source>
        <translation>Client getrennt</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Echtzeit</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Show new requests on the first page as they arrive</source>
        <translation>Neue Anfragen beim Eintreffen auf der ersten Seite anzeigen</translation>
    </message>
    <message>
        <source>Page %1 of more than %2</source>
        <translation>Seite %1 von mehr als %2</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Seite %1 von %2</translation>
    </message>
    <message>
        <source>No matching requests</source>
        <translation>Keine passenden Anfragen</translation>
    </message>
    <message>
        <source>More than %1 matching requests</source>
        <translation>Mehr als %1 passende Anfragen</translation>
    </message>
    <message numerus="yes">
        <source>%n matching request(s)</source>
        <translation>
            <numerusform>%n passende Anfrage</numerusform>
            <numerusform>%n passende Anfragen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyClassModel</name>
    <message>
        <source>Regimes, separated by commas; known: %1</source>
        <translation>Rechtsrahmen, durch Kommas getrennt; bekannt: %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Data class</source>
        <translation>Datenklasse</translation>
    </message>
    <message>
        <source>Regimes</source>
        <translation>Rechtsrahmen</translation>
    </message>
    <message>
        <source>Detectors</source>
        <translation>Detektoren</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyMatrixModel</name>
    <message>
        <source>%1 data may be processed in %2</source>
        <translation>%1-Daten dürfen in %2 verarbeitet werden</translation>
    </message>
    <message>
        <source>%1 data may not be processed in %2</source>
        <translation>%1-Daten dürfen nicht in %2 verarbeitet werden</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyPanel</name>
    <message>
        <source>Add region</source>
        <translation>Region hinzufügen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Residency</source>
        <translation>Datenresidenz</translation>
    </message>
    <message>
        <source>Where data under each regime may be processed. A request only goes to a provider whose region all of its regimes allow; when none is left it is refused.</source>
        <translation>Wo Daten unter jedem Rechtsrahmen verarbeitet werden dürfen. Eine Anfrage geht nur an einen Anbieter, dessen Region alle ihre Rechtsrahmen erlauben; bleibt keiner übrig, wird sie abgelehnt.</translation>
    </message>
    <message>
        <source>Regimes and the regions they allow</source>
        <translation>Rechtsrahmen und die Regionen, die sie erlauben</translation>
    </message>
    <message>
        <source>region, e.g. ch</source>
        <translation>Region, z. B. ch</translation>
    </message>
    <message>
        <source>Data classes and their regimes</source>
        <translation>Datenklassen und ihre Rechtsrahmen</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Policy version: %1</source>
        <translation>Richtlinienversion: %1</translation>
    </message>
    <message>
        <source>Policy version: new on save</source>
        <translation>Richtlinienversion: neu beim Speichern</translation>
    </message>
    <message>
        <source>Region %1 is already in the matrix.</source>
        <translation>Region %1 ist bereits in der Matrix.</translation>
    </message>
    <message>
        <source>Region %1 added; check the regimes that may use it.</source>
        <translation>Region %1 hinzugefügt; die Rechtsrahmen ankreuzen, die sie nutzen dürfen.</translation>
    </message>
    <message>
        <source>Not saved: there is no configuration to change yet.</source>
        <translation>Nicht gespeichert: Es gibt noch keine Konfiguration, die geändert werden könnte.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Residency policy saved; the gateway uses it from the next request.</source>
        <translation>Residenzrichtlinie gespeichert; das Gateway verwendet sie ab der nächsten Anfrage.</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyProviderModel</name>
    <message>
        <source>only data under no regime</source>
        <translation>nur Daten ohne Rechtsrahmen</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Anbieter</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Regimes that may reach it</source>
        <translation>Rechtsrahmen, die ihn erreichen dürfen</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RouteTargetModel</name>
    <message>
        <source>Relative share for weighted strategies (1-1000); targets are tried in the listed order</source>
        <translation>Relativer Anteil für gewichtete Strategien (1–1000); Ziele werden in der aufgeführten Reihenfolge versucht</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Reihenfolge</translation>
    </message>
    <message>
        <source>Target (provider/model)</source>
        <translation>Ziel (Anbieter/Modell)</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RoutesPanel</name>
    <message>
        <source>Add route</source>
        <translation>Route hinzufügen</translation>
    </message>
    <message>
        <source>Remove route</source>
        <translation>Route entfernen</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>Ziel hinzufügen</translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation>Ziel entfernen</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Save and apply</source>
        <translation>Speichern und anwenden</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren …</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routen</translation>
    </message>
    <message>
        <source>Alias / target</source>
        <translation>Alias / Ziel</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Reihenfolge</translation>
    </message>
    <message>
        <source>&amp;Alias</source>
        <translation>&amp;Alias</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Import configuration</source>
        <translation>Konfiguration importieren</translation>
    </message>
    <message>
        <source>YAML or JSON (*.yaml *.yml *.json);;All files (*)</source>
        <translation>YAML oder JSON (*.yaml *.yml *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export configuration</source>
        <translation>Konfiguration exportieren</translation>
    </message>
    <message>
        <source>YAML (*.yaml *.yml)</source>
        <translation>YAML (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>No unsaved changes.</source>
        <translation>Keine ungespeicherten Änderungen.</translation>
    </message>
    <message>
        <source>Valid; not saved yet.</source>
        <translation>Gültig; noch nicht gespeichert.</translation>
    </message>
    <message>
        <source>Add route %1</source>
        <translation>Route %1 hinzufügen</translation>
    </message>
    <message>
        <source>Remove route %1</source>
        <translation>Route %1 entfernen</translation>
    </message>
    <message>
        <source>Rename route</source>
        <translation>Route umbenennen</translation>
    </message>
    <message>
        <source>Add target %1</source>
        <translation>Ziel %1 hinzufügen</translation>
    </message>
    <message>
        <source>Move target %1/%2</source>
        <translation>Ziel %1/%2 verschieben</translation>
    </message>
    <message>
        <source>Change weight</source>
        <translation>Gewicht ändern</translation>
    </message>
    <message>
        <source>Not saved: fix the problems above first.</source>
        <translation>Nicht gespeichert: zuerst die Probleme oben beheben.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Applied to the gateway.</source>
        <translation>Auf das Gateway angewendet.</translation>
    </message>
    <message>
        <source>Saved to %1 and applied to the gateway.</source>
        <translation>In %1 gespeichert und auf das Gateway angewendet.</translation>
    </message>
    <message>
        <source>%1 was not imported: it has errors (listed above).</source>
        <translation>%1 wurde nicht importiert: Die Datei enthält Fehler (oben aufgeführt).</translation>
    </message>
    <message>
        <source>%1 was not imported: %2</source>
        <translation>%1 wurde nicht importiert: %2</translation>
    </message>
    <message>
        <source>Imported %1 and applied it to the gateway.</source>
        <translation>%1 importiert und auf das Gateway angewendet.</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Nicht exportiert: %1</translation>
    </message>
    <message>
        <source>Exported to %1 (API keys as references only).</source>
        <translation>Nach %1 exportiert (API-Schlüssel nur als Verweise).</translation>
    </message>
    <message>
        <source>&amp;Strategy</source>
        <translation>&amp;Strategie</translation>
    </message>
    <message>
        <source>Fallback: in this order</source>
        <translation>Ausweichen: in dieser Reihenfolge</translation>
    </message>
    <message>
        <source>Weighted: shared out by weight</source>
        <translation>Gewichtet: nach Gewicht verteilt</translation>
    </message>
    <message>
        <source>Fallback tries the targets in their order. Weighted sends each request first to a target chosen in proportion to the weights; the others follow in order as fallbacks.</source>
        <translation>„Ausweichen“ versucht die Ziele in ihrer Reihenfolge. „Gewichtet“ schickt jede Anfrage zuerst an ein Ziel, das im Verhältnis der Gewichte gewählt wird; die anderen folgen der Reihe nach als Ausweichziele.</translation>
    </message>
    <message>
        <source>Share out by weight</source>
        <translation>Nach Gewicht verteilen</translation>
    </message>
    <message>
        <source>Fall back in order</source>
        <translation>Der Reihe nach ausweichen</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::SettingsPanel</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>Lauschadresse</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>The listen address and the data folder take effect when the gateway starts.</source>
        <translation>Lauschadresse und Datenordner gelten ab dem nächsten Start des Gateways.</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Anzeige</translation>
    </message>
    <message>
        <source>Display currency</source>
        <translation>Anzeigewährung</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System tray</source>
        <translation>Infobereich</translation>
    </message>
    <message>
        <source>Start in the tray (the window stays hidden until you open it)</source>
        <translation>Im Infobereich starten (das Fenster bleibt verborgen, bis Sie es öffnen)</translation>
    </message>
    <message>
        <source>Keep the gateway running in the tray when the window is closed</source>
        <translation>Gateway im Infobereich weiterlaufen lassen, wenn das Fenster geschlossen wird</translation>
    </message>
    <message>
        <source>This desktop has no system tray: these take effect where one is available.</source>
        <translation>Diese Arbeitsumgebung hat keinen Infobereich: Diese Optionen wirken, wo einer vorhanden ist.</translation>
    </message>
    <message>
        <source>“%1” is not an IP address (or localhost).</source>
        <translation>„%1“ ist keine IP-Adresse (oder localhost).</translation>
    </message>
    <message>
        <source>“%1” is not an ISO 4217 currency code (e.g. EUR, USD, INR).</source>
        <translation>„%1“ ist kein ISO-4217-Währungscode (z. B. EUR, USD, INR).</translation>
    </message>
    <message>
        <source>the listen address</source>
        <translation>die Lauschadresse</translation>
    </message>
    <message>
        <source>the data folder</source>
        <translation>den Datenordner</translation>
    </message>
    <message>
        <source>Restart the gateway (Stop, then Start) to apply %1.</source>
        <translation>Gateway neu starten (Anhalten, dann Starten), um %1 zu übernehmen.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::WelcomePage</name>
    <message>
        <source>Welcome to Tollgate</source>
        <translation>Willkommen bei Tollgate</translation>
    </message>
    <message>
        <source>Tollgate sits between your apps and LLM providers. Point an OpenAI client at it and see which provider answered each request, how fast, and what it cost.

No provider is configured yet.</source>
        <translation>Tollgate sitzt zwischen Ihren Anwendungen und LLM-Anbietern. Richten Sie einen OpenAI-Client darauf und sehen Sie, welcher Anbieter jede Anfrage beantwortet hat, wie schnell und zu welchen Kosten.

Noch ist kein Anbieter eingerichtet.</translation>
    </message>
    <message>
        <source>Add a provider</source>
        <translation>Anbieter hinzufügen</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Demo ausprobieren</translation>
    </message>
    <message>
        <source>The demo runs three simulated providers (demo-eu, demo-in, demo-us) on this computer and sends them traffic through the gateway. Nothing leaves this computer, and the demo providers are gone when you stop it.</source>
        <translation>Die Demo startet drei simulierte Anbieter (demo-eu, demo-in, demo-us) auf diesem Computer und schickt ihnen Verkehr über das Gateway. Nichts verlässt diesen Computer, und die Demo-Anbieter verschwinden, wenn Sie sie beenden.</translation>
    </message>
</context>
</TS>
