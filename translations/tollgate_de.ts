<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>tollgate::ui</name>
    <message>
        <source>Provider '%1' has its key written in the config; there is no secret store to move it to</source>
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
        <source>model '%1'</source>
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
        <source>A provider named '%1' already exists</source>
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
        <source>%1 of the latest %2 requests shown</source>
        <translation>%1 der letzten %2 Anfragen angezeigt</translation>
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
