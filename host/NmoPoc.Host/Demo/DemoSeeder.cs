using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Demo;

/// <summary>A demo bed as seeded: its patient, and the unit's secret (null when it can't run).</summary>
/// <param name="NewUnit">Provisioned by this start: the unit back-fills its history once, now.</param>
public sealed record SeededBed(DemoBed Bed, long PatientId, long BedId, string? Secret, bool NewUnit);

public sealed record DemoSeedResult(Ward Ward, IReadOnlyList<SeededBed> Beds, int PatientsCreated, int UnitsProvisioned, int AssignmentsCreated);

/// <summary>
/// Seeds the demo ward idempotently: each ward, bed, patient, unit and assignment is looked up by its DEMO name or
/// ID first and only created when missing, so a second start on the same data directory adds nothing.
/// </summary>
public sealed class DemoSeeder(IClinicalStore clinical, IUnitRegistry registry, UnitProvisioning provisioning, TimeProvider clock, ILogger<DemoSeeder> log)
{
    public async Task<DemoSeedResult> SeedAsync(string secretsPath, string outboxDirectory, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var secrets = DemoSecrets.Read(secretsPath);
        var ward = (await clinical.ListWardsAsync(ct)).FirstOrDefault(w => w.Name == DemoWard.WardName)
                   ?? await clinical.AddWardAsync(DemoWard.WardName, ct);
        var beds = await clinical.ListBedsAsync(ward.Id, ct);
        int patients = 0, units = 0, assignments = 0;
        var seeded = new List<SeededBed>();
        foreach (var demo in DemoWard.Beds)
        {
            var bed = beds.FirstOrDefault(b => b.Label == demo.BedLabel) ?? await clinical.AddBedAsync(ward.Id, demo.BedLabel, ct);
            var assignmentStart = now.AddDays(-(demo.BackfillDays + 1));
            var patient = await clinical.FindPatientByPseudonymAsync(demo.Pseudonym, ct);
            if (patient is null)
            {
                var injury = DateOnly.FromDateTime(assignmentStart.UtcDateTime.AddDays(-demo.InjuryDaysBeforeAssignment));
                patient = await clinical.AddPatientAsync(new PatientInput(demo.Pseudonym, demo.DisplayName, injury, demo.InjuryType, demo.RiskFactors), now, ct);
                patients++;
            }

            string? secret = null;
            bool newUnit = false;
            var unit = await registry.GetUnitAsync(demo.UnitId, ct);
            if (unit is null)
            {
                var (error, created) = await provisioning.AddAsync(demo.UnitId, ct);
                if (error != ProvisionError.None || created is null)
                {
                    throw new InvalidOperationException($"demo unit {demo.UnitId} could not be provisioned: {error}");
                }

                DemoSecrets.Append(secretsPath, demo.UnitId, created);
                DeleteStaleOutbox(outboxDirectory, demo.UnitId);
                secret = created;
                newUnit = true;
                units++;
            }
            else if (unit.RevokedAt is not null)
            {
                log.LogWarning("Demo unit {UnitId} was revoked; it stays offline (IDs of revoked units are not reused)", demo.UnitId);
            }
            else if (!secrets.TryGetValue(demo.UnitId, out secret))
            {
                log.LogError("Demo unit {UnitId} has no secret in {Path}; it stays offline. Start on a fresh data directory for a complete demo", demo.UnitId, secretsPath);
            }

            if ((await clinical.ListAssignmentsAsync(demo.UnitId, null, ct)).Count == 0)
            {
                var result = await clinical.AddAssignmentAsync(new AssignmentInput(demo.UnitId, patient.Id, bed.Id, assignmentStart, null), now, ct);
                if (result.Assignment is null)
                {
                    throw new InvalidOperationException($"demo assignment of {demo.UnitId} to {demo.Pseudonym} failed");
                }

                assignments++;
            }

            seeded.Add(new SeededBed(demo, patient.Id, bed.Id, secret, newUnit));
        }

        return new DemoSeedResult(ward, seeded, patients, units, assignments);
    }

    // A new unit must not replay an outbox left from an earlier database: its records would belong to another history.
    private static void DeleteStaleOutbox(string outboxDirectory, string unitId)
    {
        var path = Path.Combine(outboxDirectory, unitId + ".outbox");
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
