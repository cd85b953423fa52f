namespace NmoPoc.Screening.Replay.Tests.Cli;

/// <summary>Bad files: every problem is reported as file:line: reason, exit code 2, and nothing is screened.</summary>
public sealed class BadInputTests
{
    private const string Round =
        "{\"v\":1,\"type\":\"temperatureRound\",\"unitId\":\"unit-0007\",\"boot\":3,\"seq\":SEQ,\"measuredAtMs\":1772523000000,\"probe\":\"max30205\",\"leftTempC\":LEFT,\"rightTempC\":33.20,\"ambientTempC\":21.50,\"leftSettled\":true,\"rightSettled\":true,\"restSeconds\":720,\"pairOffsetC\":0.02,\"calibrationAgeDays\":14,\"operatorId\":\"N-1042\",\"qualityFlags\":[],\"historical\":false}";

    private static string R(int seq, string left = "33.10") => Round.Replace("SEQ", seq.ToString()).Replace("LEFT", left);

    private const string Patients = """
        {
          "patients": [ { "id": "P-0001", "injuryDate": "2026-03-02", "injuryType": "spinalCordInjuryComplete" } ],
          "assignments": [ { "unitId": "unit-0007", "patientId": "P-0001", "start": "2026-03-02T12:00:00Z" } ]
        }
        """;

    private static CliResult Screen(TempDir d, string readings, string patients = Patients, params string[] extra) =>
        CliResult.Run(new[] { "screen", "--readings", d.Write("r.jsonl", readings), "--patients", d.Write("p.json", patients) }.Concat(extra).ToArray());

    [Fact]
    public void EveryBadReadingLine_ReportedWithItsNumber_Exit2_NoOutput()
    {
        using var d = new TempDir();
        var lines = new[]
        {
            R(1),                                                         // 1 good
            "{\"v\":1,",                                                  // 2 truncated
            R(3, "NaN"),                                                  // 3 NaN: Newtonsoft would accept it
            R(4).Replace("\"probe\":", "\"boot\":4,\"probe\":"),         // 4 duplicate key
            R(5, "60.00"),                                                // 5 outside the schema's 10..50
            R(6).Replace("\"historical\":false}", "\"historical\":false,\"note\":\"x\"}"), // 6 unknown field
            "",                                                           // 7 blank: skipped
            R(8).Replace("N-1042", new string('N', 1100)),               // 8 more than 1024 bytes
            "[1,2]",                                                      // 9 not an object
            R(10),                                                        // 10 good
        };
        var r = Screen(d, string.Join("\n", lines) + "\n");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        foreach (var n in new[] { 2, 3, 4, 5, 6, 8, 9 })
        {
            Assert.Contains($"r.jsonl:{n}: ", r.Stderr);
        }

        Assert.DoesNotContain("r.jsonl:1:", r.Stderr);
        Assert.DoesNotContain("r.jsonl:7:", r.Stderr);
        Assert.DoesNotContain("r.jsonl:10:", r.Stderr);
        Assert.Contains("r.jsonl:5: not a protocol v1 message (schema): ", r.Stderr);
        Assert.Contains("leftTempC", r.Stderr);
        Assert.Contains("r.jsonl:8: message is", r.Stderr);
        Assert.Contains("7 input error(s); nothing screened.", r.Stderr);
    }

    [Fact]
    public void BadPatientsFile_EveryProblemWithItsLine()
    {
        using var d = new TempDir();
        var patients = """
            {
              "patients": [
                { "id": "P-0001", "injuryDate": "2026-03-02", "injuryType": "spinalCordInjuryComplete", "riskFactors": ["smoker"] },
                { "id": "P-0002", "injuryDate": "2 March", "injuryType": "stroke" }
              ],
              "assignments": [
                { "unitId": "unit-0007", "patientId": "P-0001", "start": "2026-03-02T12:00:00Z" },
                { "unitId": "unit-0007", "patientId": "P-0001", "start": "2026-03-05T12:00:00Z", "end": "2026-03-06T12:00:00Z" },
                { "unitId": "unit-0008", "patientId": "P-0009", "start": "2026-03-02T12:00:00" }
              ],
              "entries": [
                { "type": "lab", "id": "l1", "patientId": "P-0001", "measuredAt": "2026-03-03T08:00:00Z", "test": "crp", "value": 40 },
                { "type": "coreTemperature", "id": "f1", "patientId": "P-0001", "measuredAt": "2026-03-03T08:00:00Z", "valueC": 38.2, "unit": "Cel" }
              ],
              "actions": [
                { "type": "shout", "alertId": "P-0001:left:refer:1", "at": "2026-03-04T08:00:00Z", "actor": "dr-1" }
              ]
            }
            """;
        var r = Screen(d, R(1) + "\n", patients);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("p.json:3: risk factor 'smoker' is not one of", r.Stderr);
        Assert.Contains("p.json:4: 'injuryDate' must be a date", r.Stderr);
        Assert.Contains("p.json:8: unit 'unit-0007' is already assigned to 'P-0001'", r.Stderr);
        Assert.Contains("p.json:9: 'patientId' 'P-0009' is not in 'patients'", r.Stderr);
        Assert.Contains("p.json:9: 'start' must be an ISO 8601 time with an offset", r.Stderr);
        Assert.Contains("p.json:12: a lab entry needs 'flaggedRaised', 'upperLimit' or both", r.Stderr);
        Assert.Contains("p.json:13: unknown property 'unit' in entry", r.Stderr);
        Assert.Contains("p.json:16: unknown action type 'shout'", r.Stderr);
    }

    [Fact]
    public void StrictJsonInPatientsFile_DuplicateKeyHasALine()
    {
        using var d = new TempDir();
        var r = Screen(d, R(1) + "\n", "{\n  \"patients\": [],\n  \"patients\": []\n}\n");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("p.json:3: not strict JSON", r.Stderr);
    }

    [Fact]
    public void IllegalClinicianAction_IsAnInputError()
    {
        using var d = new TempDir();
        var patients = Patients.Replace("\n}", ",\n  \"actions\": [ { \"type\": \"refer\", \"alertId\": \"P-0001:left:refer:1\", \"at\": \"2026-03-04T08:00:00Z\", \"actor\": \"dr-1\" } ]\n}");
        var r = Screen(d, R(1) + "\n", patients);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("p.json:4: action rejected by the screening engine: ", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Usage()
    {
        Assert.Equal(1, CliResult.Run().ExitCode);
        Assert.Equal(1, CliResult.Run("screen", "--readings", "x").ExitCode);
        Assert.Equal(1, CliResult.Run("screen", "--readings", "x", "--patients", "y", "--tz", "Mars/Olympus").ExitCode);
        var missing = CliResult.Run("screen", "--readings", "/nonexistent/r.jsonl", "--patients", "/nonexistent/p.json");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/nonexistent/r.jsonl: cannot read", missing.Stderr);
    }

    [Fact]
    public void UnassignedAndAfterAt_CountedNotScreened_OfflineFromMissingHeartbeats()
    {
        using var d = new TempDir();
        var early = R(1).Replace("1772523000000", "1772400000000");       // 1 March, before the assignment
        var hb = "{\"v\":1,\"type\":\"heartbeat\",\"unitId\":\"unit-0007\",\"boot\":3,\"seq\":2,\"sentAtMs\":1772524000000,\"uptimeMs\":1000,\"intervalSeconds\":60,\"batteryMv\":null,\"batteryPct\":null,\"rssiDbm\":null,\"outboxDepth\":0,\"outboxCapacity\":10,\"outboxDropped\":0,\"rejectedReadings\":0,\"fw\":\"1.0.0\"}";
        var late = R(3).Replace("1772523000000", "1772700000000");        // 5 March, after --at
        var r = Screen(d, early + "\n" + hb + "\n" + late + "\n", Patients, "--at", "2026-03-04T00:00:00Z");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("1 not assigned to a patient, 1 after --at", r.Stderr);

        // Last heartbeat 2026-03-03T07:46:40Z with a 60 s interval: offline from 3 intervals later.
        var line = Assert.Single(r.Lines);
        Assert.Equal(("unitOffline", "open", "2026-03-03T07:49:40.000Z"),
            (line.GetProperty("rule").GetString(), line.GetProperty("state").GetString(), line.GetProperty("at").GetString()));
    }

    [Fact]
    public void KeyCollision_KeptApartWithATechnicalAlert()
    {
        using var d = new TempDir();
        var r = Screen(d, R(1) + "\n" + R(1, "33.90") + "\n");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("1 key collisions", r.Stderr);
        Assert.Contains("2 used", r.Stderr);
        var line = Assert.Single(r.Lines);
        Assert.Equal("keyCollision", line.GetProperty("rule").GetString());
        Assert.Contains("lines 1 and 2", line.GetProperty("explanation").GetString());
    }

    [Fact]
    public void SiteRulesFile_ChangesTheVersionAndThreshold_BadOneIsRefused()
    {
        using var d = new TempDir();
        var rules = d.Write("rules.json", """{"version":"v1-site-a","changedBy":"dr-lead","reason":"local tuning","set":{"WtExcessWarmthC":0.9,"R4ExcessWarmthC":0.9}}""");
        var readings = string.Join("\n", new[]
        {
            R(1), R(2).Replace("1772523000000", "1772551800000"), R(3).Replace("1772523000000", "1772609400000"),
            R(4, "33.80").Replace("1772523000000", "1773991800000"),     // 20 March: E = 0.6 - (-0.1) = 0.7 °C
        }) + "\n";
        var v1 = Screen(d, readings);
        Assert.Equal("W-T", Assert.Single(v1.Lines).GetProperty("rule").GetString());       // 0.7 ≥ 0.7
        var site = Screen(d, readings, Patients, "--rules", rules);
        Assert.Equal(0, site.ExitCode);
        Assert.Empty(site.Lines);                                                            // 0.7 < 0.9
        Assert.Contains("rule set v1-site-a", site.Stderr);

        var bad = d.Write("bad.json", """{"version":"v1","changedBy":"x","reason":"y","set":{"WtExcessWarmthC":-1,"Nope":2}}""");
        var refused = Screen(d, readings, Patients, "--rules", bad);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'Nope' is not a rule-set field", refused.Stderr);
        Assert.Contains("must have a new version", refused.Stderr);
    }
}
