using System.Text.RegularExpressions;

namespace CallRecover.Conversations.Engines;

/// <summary>
/// "Don't text me any more" in the languages most spoken at home in the US after English (Census ACS order, roughly),
/// each in its usual written forms: a caller who writes it in their own language has opted out as surely as one who
/// sends STOP. English and the first few languages live in <see cref="SmsUnderstanding"/>'s own patterns; this table is
/// the rest, one line per language, each naming texts or messages (or a verb that only means texting), so that "don't
/// send the technician" or "no more leaks" is never read as stop. Input is the lower-cased text.
/// </summary>
public static partial class StopPhrases
{
    public static bool Match(string lower) => ForeignStopRx().IsMatch(lower) || NoSpaceStopRx().IsMatch(lower);

    [GeneratedRegex("""
        (?<!\w)(?:
          # German: "Bitte keine Nachrichten mehr", "schicken Sie mir keine SMS", "hören Sie auf, mir zu schreiben"
          keine\s+(?:weiteren\s+)?(?:nachrichten|sms|textnachrichten|mitteilungen|texte)\s+mehr
          | (?:schicken|senden)\s+sie\s+mir\s+keine\s+(?:weiteren\s+)?(?:nachrichten|sms|textnachrichten|mitteilungen|texte)
          | schreiben\s+sie\s+mir\s+(?:nicht\s+mehr|keine\s+(?:nachrichten|sms))
          | (?:h[öo]ren\s+sie\s+auf|aufh[öo]ren)[\s,]+(?:mir\s+)?(?:zu\s+)?(?:schreiben|simsen)
          | (?:bitte\s+(?:mir\s+|mich\s+)?|mir\s+|mich\s+)nicht\s+mehr\s+(?:schreiben|anschreiben|kontaktieren|simsen)
          # Vietnamese: "đừng nhắn tin cho tôi nữa", "làm ơn ngừng gửi tin nhắn"
          | (?:đừng|ngừng|thôi|không)\s+(?:nhắn|gửi)(?:\s+tin)?(?:\s+nhắn)?(?:\s+cho\s+(?:tôi|em|anh|chị|mình|tui|chúng\s+tôi))?\s+nữa
          | (?:đừng|ngừng)\s+(?:nhắn|gửi)\s+tin(?:\s+nhắn)?(?:\s+cho\s+(?:tôi|em|mình|tui))?(?=[\s.!]*$)
          # Ukrainian: "не пишіть мені більше", "більше не надсилайте повідомлень", "припиніть писати"
          | не\s+(?:пишіть|пиши|надсилайте|надсилай|присилайте)(?:\s+мені)?\s+(?:більше|повідомлен\w*|смс)
          | більше\s+не\s+(?:пишіть|пиши|надсилайте|надсилай)
          | припиніть\s+(?:писати|надсилати)
          # Tagalog: "huwag niyo na akong i-text", "wag nyo na ko itext", "(paki)tigil(an) niyo na po ang pag-text", "ayoko na ng text"
          | h?(?:u)?wag(?:\s+n(?:iy|y|i)o|\s+mo)?(?:\s+na)?\s+(?:ako|akong|ko|kaming|kami)(?:\s+na)?\s+(?:i-?text|itext|mag-?text|text(?:an|in)?|ma-?text|padalhan|padalahan|i-?message|imessage|mensahe)
          | (?:paki-?)?tigil(?:an|in)?(?:\s+n(?:iy|y)o)?(?:\s+na)?(?:\s+po)?(?:\s+(?:ang|yung|ung))?\s+(?:pag-?(?:te-?)?text|pagte-?text|mga\s+text|pagpapadala|pag-?message)
          | ayoko\s+na\s+(?:ng|nang|sa|ng\s+mga)\s+(?:text|mensahe|message)
          # "huwag na po kayong mag-text sa number na ito": you (plural, polite) are told not to text
          | h?(?:u)?wag(?:\s+na)?(?:\s+po)?\s+(?:kayong|kayo|niyong|nyong)(?:\s+na)?(?:\s+po)?\s+(?:mag[-\s]?text|magtext|i-?text|itext|magpadala|mag[-\s]?message)
          # Polish: "nie piszcie do mnie więcej", "proszę już nie pisać", "(proszę) przestać/przestańcie wysyłać wiadomości", "wypiszcie mnie"
          | nie\s+(?:pisz|piszcie)(?:\s+(?:mi|do\s+mnie))?(?:\s+(?:więcej|już))+(?=[\s.!,]*$|\s+(?:proszę|dziękuję|dzięki))
          | nie\s+(?:pisz|piszcie|wysyłaj|wysyłajcie|przysyłaj|przysyłajcie)(?:\s+(?:mi|do\s+mnie))?(?:\s+(?:więcej|już))*\s+(?:wiadomości|sms(?:ów|y)?|esemes\w*)
          | proszę(?:\s+już)?\s+(?:do\s+mnie\s+)?nie\s+pisać(?=[\s.!,]*$)
          | (?:proszę\s+)?(?:już\s+)?nie\s+pisać(?:\s+(?:do\s+mnie|mi))?(?:\s+(?:więcej|już))+(?!\s*\?)
          | prosz[eę](?:\s+ju[zż])?\s+nie\s+wysy[lł]a[cć]\s+(?:mi\s+)?(?:(?:wi[eę]cej|ju[zż])\s+)*(?:wiadomo[sś]ci|sms\w*|esemes\w*)
          | przesta(?:ń|ńcie|ć)\s+(?:do\s+mnie\s+)?(?:pisać|smsować)
          | przesta(?:ń|ńcie|ć)\s+(?:mi\s+)?wysyłać\s+(?:mi\s+)?(?:wiadomości|sms\w*|esemes\w*)
          | wypisz(?:cie)?\s+mnie
          # Portuguese: "não quero mais receber mensagens", "para de me mandar mensagem", "me tira da lista"
          | n[ãa]o\s+quero\s+(?:mais\s+)?(?:receber\s+)?(?:mais\s+)?(?:mensage(?:m|ns)|sms|textos?)
          | par(?:[ae]m?|ar)\s+de\s+(?:me\s+)?(?:mandar|enviar)\s+(?:mensage(?:m|ns)|textos?|sms)
          | n[ãa]o\s+(?:me\s+(?:mande|mandem|envie|enviem|manda)(?:\s+mais)?|(?:mande|mandem|envie|enviem|manda)\s+mais)\s+(?:mensage(?:m|ns)|sms|textos?)(?!\s+(?:para|pro|pra)\s)
          | me\s+(?:tire|tira|tirem)\s+da\s+(?:sua\s+)?lista
          | chega\s+de\s+mensage(?:m|ns)
          # Somali: "fariin ha ii soo dirin", "jooji fariimaha", "iga jooji"
          | (?:fariin\w*|farriin\w*|qoraal\w*)(?:\s+dambe)?\s+ha\s+(?:ii|noo)\s+(?:soo\s+)?(?:dirin|dirina)
          | ha\s+(?:ii|noo)\s+(?:soo\s+)?(?:dirin|dirina)\s+(?:fariin\w*|farriin\w*|qoraal\w*)
          | jooji\s+(?:fariimaha|farriimaha|qoraallada|fariinta|farriinta)
          # Haitian Creole: "pa voye mesaj ankò", "pa ekri m ankò", "mwen pa vle mesaj ankò", "sispann ekri m"
          | pa\s+(?:voye|ekri|tekste)(?:\s+(?:m|mwen|nou))?(?:\s+(?:mesaj|t[eè]ks))?(?:\s+(?:ba|bay|pou)\s+(?:m|mwen))?\s+ank[oò]
          | sispann\s+(?:ekri|tekste)
          | mwen\s+pa\s+vle\s+(?:mesaj|t[eè]ks)(?:\s+ank[oò]|(?=[\s.!]*$))
          # French (Quebec too: "pu" for "plus"): "m'envoyez pu de textos", "je veux pu de messages", "désabonnez-moi"
          | (?:ne\s+)?(?:m'|me\s+)(?:envoyez|textez|[ée]crivez)\s+(?:pu|plus)(?=[\s.!,]*$|\s+(?:de\s+|d')\s*(?:textos?|messages?|textes?|sms|texto)|\s+(?:svp|s'il\s+vous\s+pla[iî]t|merci))
          | je\s+(?:ne\s+)?veux\s+(?:pu|plus)\s+(?:de\s+|d')?(?:textos?|messages?|textes?|sms|texto)
          | d[ée]sabonne[rz]?(?:-moi)?|d[ée]sinscri(?:s|vez|re)(?:-moi)?
          # Spanish, what the main pattern leaves: "no me contacten más", "dejen de contactarme"
          | no\s+me\s+(?:contacte|contacten|texteen|textees)(?:\s+m[aá]s|(?=[\s.!]*$))
          | dejen?\s+de\s+(?:contactarme|textearme|escribirme|molestarme)
          # Italian: "non mandatemi più messaggi", "smettetela di scrivermi", "basta messaggi"
          | non\s+(?:mi\s+)?(?:scrivete|scrivere)\s+più
          | non\s+scrivetemi\s+più
          | non\s+(?:mi\s+)?(?:mandate|inviate|mandare|mandatemi|inviatemi)\s+più\s+(?:messaggi|sms|messaggini)
          | smette(?:te)?(?:la)?\s+di\s+(?:scrivermi|mandarmi|inviarmi)
          | basta\s+(?:messaggi|sms)
          # Hindi, Urdu, Punjabi (romanized and Devanagari): "message mat bhejo", "mujhe sms na bhejein", "मैसेज मत भेजो"
          | (?:(?<=^\W*)|(?<=[.!?,]\s*)|(?<=\b(?:mujhe|hamein|humein|hume|ab|please|pls|plz|kripya|bas|aage\s+se|aur|dobara|phir|fir|phir\s+se|fir\s+se)\s+))(?:message|messages|msg|sms|text)\s+(?:mat|na|nahi|nahin)\s+(?:bhejo|bhejna|bhejiye|bhejein|bhejen|karo|kijiye|karein)
          | (?:मैसेज|संदेश|एसएमएस)\s+(?:मत|न|ना)\s+(?:भेजो|भेजें|भेजिए|भेजना)
          # Bengali: "message pathaben na", "মেসেজ পাঠাবেন না"
          | (?:message|msg|sms)\s+(?:pathaben|pathio|pathaio|pathiyo)\s+na
          | (?:মেসেজ|বার্তা)\s+পাঠা(?:বেন|বে|ও|বেননা)\s*না
          # Persian: "دیگه پیام نده", "پیام نفرستید"
          | پیام\s+(?:نده|ندهید|ندین|نفرست|نفرستید|نفرستین)
          # Greek: "μη μου στέλνετε μηνύματα"
          | μη(?:ν)?\s+(?:μου\s+)?στέλνε(?:τε|ις)\s+(?:άλλα\s+)?(?:μηνύματα|μήνυμα|sms)
          # Turkish: "bana mesaj atmayın", "mesaj göndermeyin"
          | (?:bana\s+)?mesaj\s+(?:g[öo]ndermeyin|atmay[ıi]n)
          | bana\s+mesaj\s+(?:g[öo]nderme|atma)(?!\s+\w)
          # Romanian: "nu-mi mai trimiteți mesaje"
          | nu(?:-mi|\s+îmi|\s+imi|\s+mi)?\s+mai\s+(?:trimite|trimiteți|trimiteti)\s+(?:mesaje|sms)
          | nu(?:-mi|\s+îmi|\s+imi)\s+mai\s+(?:scrie|scrieți|scrieti)
          # Arabic, written in Latin letters ("Arabizi") and in Arabic: "la tersel rasa2el", "ma tb3atli rasayel", "لا ترسل لي رسائل"
          | (?:la|ma)\s+(?:t[ei]?rsel|tersil|tirsil|t[ie]?b3at|tba3at)(?:l[iy]|\s+l[iy])?(?:\s+(?:rasa2el|rasayel|resayel|masajat|msgs?|messages?|sms))
          | لا\s+(?:ترسل|ترسلي|ترسلوا|تبعت|تبعتلي|تبعتوا)\w*\s+(?:لي\s+)?(?:رسائل|رسايل|مسجات|رسالة)
          # Hmong: "tsis txhob xa ntawv tuaj"
          | txhob\s+xa\s+(?:ntawv|lus|xov)
          # Amharic: "መልእክት አይላኩልኝ", "አትላኩልኝ"
          | መልእክት\s*(?:አይላኩ|አትላኩ|አትላክ|አይላክ)
          | (?:አትላኩልኝ|አይላኩልኝ)
        )(?!\w)
        # Not texts of one kind only ("não quero mensagem de voz", "przestać pisać po angielsku"): the caller wants texts, otherwise.
        (?![\s,]+(?:do\s+mnie\s+|mi\s+|pra\s+mim\s+|para\s+mim\s+)?(?:de\s+voz|em\s+ingl[eê]s|en\s+ingl[eé]s|in\s+english|po\s+angielsku|auf\s+englisch|in\s+inglese|autom[aá]tic\w*|gravad\w*|automatyczn\w*))
        """, RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ForeignStopRx();

    /// <summary>Korean, Japanese and Thai, written without spaces between words (so no word boundaries).</summary>
    [GeneratedRegex("""
        (?:문자|메시지|메세지)\s*(?:를|을|은|좀|도)?\s*(?:보내지|주지)\s*(?:마|말)
        | (?:문자|메시지|메세지)\s*(?:그만|좀\s*그만)\s*(?:보내|하)
        | 수신\s*거부
        | 더\s*(?:이상\s*)?(?:문자|메시지|메세지)\s*(?:를|을|좀)?\s*(?:보내지|주지)\s*(?:마|말)
        | (?:メッセージ|メール|SMS|ショートメール|ショートメッセージ)(?:を)?(?:送らないで|止めて|やめて)|配信停止|もう連絡しないで
        | (?:หยุด|ไม่ต้อง|อย่า)ส่งข้อความ
        """, RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NoSpaceStopRx();
}
