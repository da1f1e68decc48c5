"""Retail · awareness: from the first download to a demo (English, French, some Spanish and German)."""

from __future__ import annotations

from fusee.nurturing.demo.emails import Content, DemoEmail
from fusee.nurturing.models import BodyFormat

CAMPAIGN = "retail-awareness-playbook"
HI_EN = 'Hi {{ contact.first_name|default:"there" }},'
HI_FR = "Bonjour{% if contact.first_name %} {{ contact.first_name }}{% endif %},"

WELCOME = DemoEmail(
    key="retail-welcome", name="Retail · 1. Welcome: the multi-site playbook", topic="guides",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "Your multi-site operations playbook is here",
                "Twelve pages, no fluff: how the best retail networks run their stores.", f"""\
{HI_EN}

Thanks for downloading **The multi-site operations playbook**. Here is your copy:
[read the playbook](https://orbitale.example/resources/multi-site-playbook).

Three pages retail operations teams tell us they reread:

1. **The one-page store standard** (p. 3): what "good" looks like, written so a new store
   manager gets it in five minutes.
2. **The visit that takes 20 minutes, not two hours** (p. 6): how area managers at 200+ store
   networks prepare, score and follow up a store visit.
3. **Closing the loop** (p. 9): why most action plans die in a spreadsheet, and the three
   rules that keep them alive.

Over the next few weeks I'll send you a handful of practical emails on running
{{{{ company.name|default:"a store network" }}}} with fewer surprises. No more than one a week, promised.

Camille, Orbitale
"""),
        Content("fr", "Votre guide des opérations multi-sites",
                "Douze pages concrètes : comment les meilleurs réseaux pilotent leurs magasins.", f"""\
{HI_FR}

Merci d'avoir téléchargé **Le guide des opérations multi-sites**. Le voici :
[lire le guide](https://orbitale.example/fr/ressources/guide-multi-sites).

Les trois pages que les équipes opérations relisent le plus :

1. **Le standard magasin sur une page** (p. 3) : ce qu'est un magasin « bien tenu », écrit
   pour qu'un nouveau directeur le comprenne en cinq minutes.
2. **La visite en 20 minutes au lieu de deux heures** (p. 6) : comment les responsables
   régionaux des réseaux de plus de 200 magasins préparent, notent et suivent une visite.
3. **Boucler la boucle** (p. 9) : pourquoi la plupart des plans d'action meurent dans un
   tableur, et les trois règles qui les gardent en vie.

Dans les semaines qui viennent, je vous enverrai quelques emails pratiques pour piloter
{{{{ company.name|default:"votre réseau" }}}} avec moins de surprises. Pas plus d'un par semaine.

Camille, Orbitale
"""),
        Content("es", "Su guía de operaciones multisede",
                "Doce páginas prácticas: así gestionan sus tiendas las mejores redes.", """\
Hola{% if contact.first_name %} {{ contact.first_name }}{% endif %}:

Gracias por descargar **La guía de operaciones multisede**:
[leer la guía](https://orbitale.example/es/recursos/guia-multisede).

Las tres páginas que más releen los equipos de operaciones:

1. **El estándar de tienda en una página** (p. 3).
2. **La visita de 20 minutos en lugar de dos horas** (p. 6).
3. **Cerrar el círculo** (p. 9): por qué los planes de acción mueren en una hoja de cálculo.

En las próximas semanas le enviaré algunos correos prácticos para gestionar
{{ company.name|default:"su red de tiendas" }} con menos sorpresas. Como mucho uno por semana.

Camille, Orbitale
"""),
        Content("de", "Ihr Leitfaden für Filialnetze",
                "Zwölf Seiten ohne Floskeln: So steuern die besten Handelsnetze ihre Filialen.", """\
Hallo{% if contact.first_name %} {{ contact.first_name }}{% endif %},

danke für Ihr Interesse an **Dem Leitfaden für Filialnetze**:
[Leitfaden lesen](https://orbitale.example/de/ressourcen/leitfaden-filialnetze).

Die drei Seiten, die Operations-Teams am häufigsten wieder aufschlagen:

1. **Der Filialstandard auf einer Seite** (S. 3).
2. **Der Filialbesuch in 20 Minuten statt zwei Stunden** (S. 6).
3. **Den Kreis schließen** (S. 9): Warum Maßnahmenpläne in Tabellen versanden.

In den nächsten Wochen schicke ich Ihnen ein paar praktische E-Mails dazu, wie
{{ company.name|default:"Ihr Filialnetz" }} mit weniger Überraschungen läuft. Höchstens eine pro Woche.

Camille, Orbitale
"""),
    ),
)

CHECKLIST_DESIGNED = DemoEmail(
    key="retail-checklist-designed", name="Retail · 2A. Store audit checklist (designed)", topic="guides",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "The 25-point store audit checklist [template]",
                "Ready to print, ready to use on a tablet.", """\
<h1 style="font-size:24px;margin:0 0 16px">The 25-point store audit checklist</h1>
<p>Hi {{ contact.first_name|default:"there" }},</p>
<p>Store visits only improve stores when every area manager checks the same things, the same way.
Our checklist covers the five areas that move sales and customer ratings:</p>
<table role="presentation" width="100%" cellpadding="8" style="border-collapse:collapse">
  <tr><td style="background:#f1f5f9"><strong>Outside &amp; windows</strong></td><td>4 checks</td></tr>
  <tr><td style="background:#f1f5f9"><strong>Shelves &amp; availability</strong></td><td>7 checks</td></tr>
  <tr><td style="background:#f1f5f9"><strong>Promotions &amp; pricing</strong></td><td>5 checks</td></tr>
  <tr><td style="background:#f1f5f9"><strong>Safety &amp; hygiene</strong></td><td>5 checks</td></tr>
  <tr><td style="background:#f1f5f9"><strong>Team &amp; service</strong></td><td>4 checks</td></tr>
</table>
<p style="text-align:center;margin:24px 0">
  <a href="https://orbitale.example/resources/store-audit-checklist"
     style="background:#4f46e5;color:#ffffff;padding:12px 24px;border-radius:6px;text-decoration:none">
     Download the checklist</a></p>
<p>The Orbitale team</p>
""", BodyFormat.HTML),
        Content("fr", "La checklist d'audit magasin en 25 points [modèle]",
                "Prête à imprimer, prête à remplir sur tablette.", """\
<h1 style="font-size:24px;margin:0 0 16px">La checklist d'audit magasin en 25 points</h1>
<p>Bonjour{% if contact.first_name %} {{ contact.first_name }}{% endif %},</p>
<p>Une visite magasin n'améliore le magasin que si chaque responsable régional vérifie les
mêmes choses, de la même façon. Notre checklist couvre les cinq domaines qui font les ventes
et les avis clients :</p>
<table role="presentation" width="100%" cellpadding="8" style="border-collapse:collapse">
  <tr><td style="background:#f1f5f9"><strong>Extérieur &amp; vitrines</strong></td><td>4 points</td></tr>
  <tr><td style="background:#f1f5f9"><strong>Rayons &amp; disponibilité</strong></td><td>7 points</td></tr>
  <tr><td style="background:#f1f5f9"><strong>Promotions &amp; prix</strong></td><td>5 points</td></tr>
  <tr><td style="background:#f1f5f9"><strong>Sécurité &amp; hygiène</strong></td><td>5 points</td></tr>
  <tr><td style="background:#f1f5f9"><strong>Équipe &amp; service</strong></td><td>4 points</td></tr>
</table>
<p style="text-align:center;margin:24px 0">
  <a href="https://orbitale.example/fr/ressources/checklist-audit-magasin"
     style="background:#4f46e5;color:#ffffff;padding:12px 24px;border-radius:6px;text-decoration:none">
     Télécharger la checklist</a></p>
<p>L'équipe Orbitale</p>
""", BodyFormat.HTML),
    ),
)

CHECKLIST_PLAIN = DemoEmail(
    key="retail-checklist-plain", name="Retail · 2B. Store audit checklist (plain letter)", topic="guides",
    utm_campaign=CAMPAIGN, from_name="Camille from Orbitale", reply_to="camille@orbitale.example",
    contents=(
        Content("en", "the checklist our best customers stole from each other",
                "Short note, one link.", f"""\
{HI_EN}

Quick one. When we compared the store audits of our 60 largest retail customers, the ones
with the best-kept stores all checked roughly the same 25 things. So we wrote them down:
[the 25-point store audit checklist](https://orbitale.example/resources/store-audit-checklist).

Two things surprised us:

- they check **fewer** things than average, but every visit, in every store;
- every "no" gets an owner and a due date before the area manager leaves the store.

If you try it in a couple of stores, I'd love to hear what you would add. Just hit reply.

Camille
"""),
        Content("fr", "la checklist que nos meilleurs clients se sont copiée",
                "Un mot rapide, un lien.", f"""\
{HI_FR}

Un mot rapide. En comparant les audits de nos 60 plus grands clients retail, nous avons vu que
ceux dont les magasins sont les mieux tenus vérifient tous à peu près les mêmes 25 points.
Nous les avons donc écrits : [la checklist d'audit magasin en 25 points](https://orbitale.example/fr/ressources/checklist-audit-magasin).

Deux choses nous ont surpris :

- ils vérifient **moins** de choses que la moyenne, mais à chaque visite, dans chaque magasin ;
- chaque « non » reçoit un responsable et une échéance avant que le régional ne quitte le magasin.

Si vous l'essayez dans deux ou trois magasins, dites-moi ce que vous ajouteriez : répondez
simplement à cet email.

Camille
"""),
    ),
)

CASE_STUDY = DemoEmail(
    key="retail-case-study", name="Retail · 3. Case study: 240 stores, one standard", topic="guides",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "How a 240-store chain cut audit time by 60%",
                "Same area managers, twice the store visits.", f"""\
{HI_EN}

Eighteen months ago, the area managers of a 240-store home goods chain spent two hours per
store visit, half of it on paperwork. Today a visit takes 45 minutes, and they visit every
store twice as often.

What changed:

- **One standard, on every tablet**: the audit is the same in Lille and in Marseille.
- **Photos instead of reports**: a "no" comes with a picture, an owner and a deadline.
- **A weekly league table**: store managers see where they stand, and ask how the top
  stores do it.

{{% if contact.lifecycle == "lead" %}}You've been reading our guides for a while: this is
what they look like when a whole network applies them.
{{% endif %}}
[Read the full case study](https://orbitale.example/customers/home-goods-retail) (4 minutes).

Camille, Orbitale
"""),
        Content("fr", "Comment une enseigne de 240 magasins a divisé par deux le temps d'audit",
                "Les mêmes régionaux, deux fois plus de visites.", f"""\
{HI_FR}

Il y a dix-huit mois, les responsables régionaux d'une enseigne d'équipement de la maison
(240 magasins) passaient deux heures par visite, dont la moitié en paperasse. Aujourd'hui,
une visite dure 45 minutes et chaque magasin est visité deux fois plus souvent.

Ce qui a changé :

- **Un standard unique, sur chaque tablette** : le même audit à Lille et à Marseille.
- **Des photos plutôt que des rapports** : chaque « non » a une photo, un responsable, une échéance.
- **Un classement hebdomadaire** : chaque directeur voit où il en est, et demande aux
  meilleurs comment ils font.

{{% if contact.lifecycle == "lead" %}}Vous lisez nos guides depuis quelque temps : voici ce
qu'ils donnent quand tout un réseau les applique.
{{% endif %}}
[Lire l'étude de cas complète](https://orbitale.example/fr/clients/enseigne-maison) (4 minutes).

Camille, Orbitale
"""),
    ),
)

DEMO_OFFER = DemoEmail(
    key="retail-demo-offer", name="Retail · 4. Demo offer", topic="product-news",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "See Orbitale on your own stores (30 minutes)",
                "Bring one of your checklists; leave with it running on a tablet.", f"""\
{HI_EN}

Over the last weeks you've seen how retail networks standardise their store visits. The
quickest way to know whether it would work for {{{{ company.name|default:"your stores" }}}} is to
see it with your own checklist.

In 30 minutes, one of our retail specialists will:

- load one of your audit templates into Orbitale;
- run a mock store visit with you, photos and action plan included;
- show you the dashboard your regional directors would see on Monday morning.

[Pick a time that suits you](https://orbitale.example/demo?industry=retail)

Camille, Orbitale
"""),
        Content("fr", "Orbitale sur vos propres magasins (30 minutes)",
                "Venez avec une de vos checklists ; repartez avec elle sur tablette.", f"""\
{HI_FR}

Ces dernières semaines, vous avez vu comment les réseaux de magasins standardisent leurs
visites. Le moyen le plus rapide de savoir si cela marcherait pour
{{{{ company.name|default:"vos magasins" }}}}, c'est de le voir avec votre propre checklist.

En 30 minutes, un de nos spécialistes retail va :

- charger l'un de vos modèles d'audit dans Orbitale ;
- simuler une visite magasin avec vous, photos et plan d'action compris ;
- vous montrer le tableau de bord que vos directeurs régionaux verraient le lundi matin.

[Choisir un créneau](https://orbitale.example/fr/demo?secteur=retail)

Camille, Orbitale
"""),
        Content("de", "Orbitale in Ihren eigenen Filialen (30 Minuten)",
                "Bringen Sie eine Ihrer Checklisten mit.", """\
Hallo{% if contact.first_name %} {{ contact.first_name }}{% endif %},

in den letzten Wochen haben Sie gesehen, wie Handelsnetze ihre Filialbesuche standardisieren.
Am schnellsten erfahren Sie, ob das für {{ company.name|default:"Ihre Filialen" }} funktioniert,
wenn Sie es mit Ihrer eigenen Checkliste sehen.

In 30 Minuten lädt eine unserer Handelsexpertinnen eine Ihrer Audit-Vorlagen in Orbitale,
spielt mit Ihnen einen Filialbesuch durch und zeigt Ihnen das Dashboard Ihrer Regionalleitung.

[Termin wählen](https://orbitale.example/de/demo?branche=handel)

Camille, Orbitale
"""),
    ),
)

EMAILS = [WELCOME, CHECKLIST_DESIGNED, CHECKLIST_PLAIN, CASE_STUDY, DEMO_OFFER]
