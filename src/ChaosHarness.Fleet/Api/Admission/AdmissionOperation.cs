namespace ChaosHarness.Fleet.Api.Admission;

public enum AdmissionOperation
{
    Create,
    Update,
}
