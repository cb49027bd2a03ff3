using CallRecover.Tenancy;
using NodaTime;

namespace CallRecover.Compliance;

/// <summary>
/// The caller's time zone from a US (states and territories) area code (a mobile number keeps its area code when people move, so this
/// is a good guess, not a fact); anything unknown falls back to the business's time zone.
/// </summary>
public static class CallerTimeZone
{
    private static readonly Dictionary<string, string> ByAreaCode = Build();

    public static DateTimeZone For(string phone, Business business)
    {
        if (phone.StartsWith("+1", StringComparison.Ordinal) && phone.Length == 12 && ByAreaCode.TryGetValue(phone[2..5], out var tz)
            && DateTimeZoneProviders.Tzdb.GetZoneOrNull(tz) is { } zone)
            return zone;
        return business.Zone;
    }

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>();
        void Add(string zone, string codes)
        {
            foreach (var c in codes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) map[c] = zone;
        }
        Add("America/New_York", "201 202 203 207 212 215 216 229 231 234 239 240 248 252 267 269 276 301 302 304 305 313 315 321 330 336 339 347 351 352 386 401 404 407 410 412 413 419 423 434 440 443 470 478 484 508 513 516 517 518 540 551 561 570 571 585 586 603 607 609 610 614 616 617 631 646 667 678 703 704 706 717 718 724 727 732 734 740 754 757 770 772 774 781 786 802 803 804 810 813 828 843 845 848 850 856 857 860 862 863 864 878 904 908 910 912 914 917 919 937 941 954 959 973 978 980 984 989");
        Add("America/Chicago", "205 210 214 217 218 224 225 228 251 254 256 262 270 281 309 312 314 316 318 319 320 325 331 334 337 346 361 402 405 409 414 417 430 432 469 479 501 504 507 512 515 531 534 539 563 573 580 601 608 612 615 618 620 630 636 641 651 660 662 682 708 712 713 715 726 731 737 763 769 773 779 785 806 815 816 817 830 832 847 870 872 901 903 913 918 920 931 936 940 945 952 956 972 979 985");
        Add("America/Denver", "208 303 307 385 406 435 505 575 719 720 801 970 983 986");
        Add("America/Phoenix", "480 520 602 623 928");
        Add("America/Los_Angeles", "206 209 213 253 279 310 323 341 360 408 415 424 425 442 458 503 509 510 530 541 559 562 564 619 626 628 650 657 661 669 702 707 714 725 747 760 775 805 818 820 831 840 858 909 916 925 949 951 971");
        Add("Pacific/Honolulu", "808");
        Add("America/Anchorage", "907");
        // The territories in the North American plan: Puerto Rico, the US Virgin Islands, Guam, the Northern Marianas, American Samoa.
        Add("America/Puerto_Rico", "787 939");
        Add("America/St_Thomas", "340");
        Add("Pacific/Guam", "671");
        Add("Pacific/Saipan", "670");
        Add("Pacific/Pago_Pago", "684");
        return map;
    }
}
