"""Banking & insurance · decision: from shortlist to signature (English, French, some German)."""

from __future__ import annotations

from fusee.nurturing.demo.emails import Content, DemoEmail

CAMPAIGN = "banking-decision-shortlist"
HI_EN = 'Hello {{ contact.first_name|default:"" }},'
HI_FR = "Bonjour{% if contact.first_name %} {{ contact.first_name }}{% endif %},"
HI_DE = "Guten Tag{% if contact.first_name %} {{ contact.first_name }} {{ contact.last_name }}{% endif %},"
EVENT_CITY = (
    '{% if contact.country == "FR" %}Paris{% elif contact.country == "DE" %}Frankfurt'
    '{% elif contact.country == "GB" %}London{% else %}online{% endif %}'
)

SECURITY = DemoEmail(
    key="bank-security-pack", name="Banking · 1. Security & compliance pack", topic="guides",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "Everything your security team will ask us, answered",
                "ISO 27001, hosting, DORA, access rights: the pack for your review.", f"""\
{HI_EN}

When a bank or an insurer shortlists Orbitale, the same questions come back from security,
compliance and procurement. We put the answers in one place:
[the security & compliance pack](https://orbitale.example/security/pack).

Inside:

- our **ISO 27001** certificate and the latest penetration test summary;
- **hosting in the EU**, with the list of sub-processors;
- how we meet the **DORA** requirements on ICT third parties;
- **role-based access** down to the branch, with a full audit trail.

Forward it to whoever runs the review at {{{{ company.name|default:"your company" }}}}: it usually
saves three weeks of questionnaires.

Thomas, Orbitale
"""),
        Content("fr", "Toutes les questions de votre RSSI, déjà répondues",
                "ISO 27001, hébergement, DORA, droits d'accès : le dossier pour votre revue.", f"""\
{HI_FR}

Quand une banque ou un assureur retient Orbitale, les mêmes questions reviennent de la
sécurité, de la conformité et des achats. Nous avons tout réuni :
[le dossier sécurité & conformité](https://orbitale.example/fr/securite/dossier).

Vous y trouverez :

- notre certificat **ISO 27001** et la synthèse du dernier test d'intrusion ;
- un **hébergement dans l'UE**, avec la liste des sous-traitants ;
- notre réponse aux exigences **DORA** sur les prestataires TIC ;
- des **droits d'accès par rôle** jusqu'à l'agence, avec une piste d'audit complète.

Transmettez-le à la personne qui mène la revue chez {{{{ company.name|default:"vous" }}}} : il
évite en général trois semaines de questionnaires.

Thomas, Orbitale
"""),
        Content("de", "Alle Fragen Ihrer IT-Sicherheit, bereits beantwortet",
                "ISO 27001, Hosting, DORA, Zugriffsrechte: das Paket für Ihre Prüfung.", f"""\
{HI_DE}

wenn eine Bank oder Versicherung Orbitale in die engere Wahl nimmt, stellen IT-Sicherheit,
Compliance und Einkauf immer dieselben Fragen. Die Antworten finden Sie an einem Ort:
[das Sicherheits- und Compliance-Paket](https://orbitale.example/de/sicherheit/paket).

Darin: unser **ISO-27001**-Zertifikat, **Hosting in der EU** mit allen Unterauftragnehmern,
unsere Umsetzung der **DORA**-Anforderungen und **rollenbasierte Zugriffsrechte** bis zur
Filiale, mit lückenlosem Audit-Trail.

Thomas, Orbitale
"""),
    ),
)

BUSINESS_CASE = DemoEmail(
    key="bank-business-case", name="Banking · 2. Business case template", topic="guides",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "A business case your committee can approve",
                "Pre-filled with figures from branch networks like yours.", f"""\
{HI_EN}

The last step before a decision is usually a business case. Here is ours, ready to adapt:
[download the business case template](https://orbitale.example/resources/bank-business-case).

It is built on what 20 branch networks measured in their first year:

- **-40%** time spent preparing branch compliance visits;
- **100%** of findings followed up with an owner and a deadline (from about 60%);
- a complete audit trail for the regulator, without a single spreadsheet.

Change the assumptions, keep the structure: committees like seeing costs, savings and risks
on one page.

Thomas, Orbitale
"""),
        Content("fr", "Un business case que votre comité peut valider",
                "Pré-rempli avec les chiffres de réseaux d'agences comme le vôtre.", f"""\
{HI_FR}

La dernière étape avant une décision, c'est souvent le business case. Voici le nôtre, prêt à
adapter : [télécharger le modèle de business case](https://orbitale.example/fr/ressources/business-case-banque).

Il s'appuie sur ce que 20 réseaux d'agences ont mesuré la première année :

- **-40 %** de temps de préparation des visites de conformité en agence ;
- **100 %** des constats suivis avec un responsable et une échéance (contre 60 % environ) ;
- une piste d'audit complète pour le régulateur, sans un seul tableur.

Changez les hypothèses, gardez la structure : les comités aiment voir coûts, gains et
risques sur une seule page.

Thomas, Orbitale
"""),
    ),
)

SUMMIT = DemoEmail(
    key="bank-summit", name="Banking · 3. Invitation: branch network round table", topic="events",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "Invitation: branch network round table",
                "Two hours, twelve peers, one question: how do you audit 500 branches?", f"""\
{HI_EN}

Every quarter we bring together a dozen heads of branch networks and risk for an
off-the-record round table. Next session: **{EVENT_CITY}**, with the operations director of a
900-branch mutual bank who moved its compliance visits to Orbitale last year.

On the agenda: sampling versus full coverage, what regulators now expect to see, and how to
get branch managers to close findings without chasing them.

[Save your seat](https://orbitale.example/events/branch-round-table) (free, places are limited).

{{% if contact.lifecycle == "mql" %}}Your account manager will be there too, if you'd like to
continue the conversation afterwards.{{% endif %}}

Thomas, Orbitale
"""),
        Content("fr", "Invitation : table ronde réseaux d'agences",
                "Deux heures, douze pairs, une question : comment auditer 500 agences ?", f"""\
{HI_FR}

Chaque trimestre, nous réunissons une douzaine de directeurs de réseau et des risques pour une
table ronde à huis clos. Prochaine session : **{EVENT_CITY}**, avec le directeur des
opérations d'une banque mutualiste de 900 agences passée sur Orbitale l'an dernier.

Au programme : échantillonnage ou couverture complète, ce que les régulateurs attendent
désormais, et comment faire clore les constats par les directeurs d'agence sans les relancer.

[Réserver votre place](https://orbitale.example/fr/evenements/table-ronde-agences) (gratuit, places limitées).

{{% if contact.lifecycle == "mql" %}}Votre interlocuteur commercial sera présent, si vous
souhaitez poursuivre la conversation.{{% endif %}}

Thomas, Orbitale
"""),
        Content("de", "Einladung: Runder Tisch Filialnetze",
                "Zwei Stunden, zwölf Fachleute, eine Frage: Wie prüft man 500 Filialen?", f"""\
{HI_DE}

jedes Quartal laden wir ein Dutzend Leiterinnen und Leiter von Filialnetzen und Risiko zu
einem vertraulichen Runden Tisch ein. Nächster Termin: **{EVENT_CITY}**, mit dem COO einer
Genossenschaftsbank mit 900 Filialen, die ihre Compliance-Besuche letztes Jahr auf Orbitale
umgestellt hat.

[Platz reservieren](https://orbitale.example/de/events/runder-tisch-filialen) (kostenlos, begrenzte Plätze).

Thomas, Orbitale
"""),
    ),
)

EMAILS = [SECURITY, BUSINESS_CASE, SUMMIT]
